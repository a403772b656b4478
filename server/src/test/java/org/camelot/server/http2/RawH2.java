package org.camelot.server.http2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A hand-driven HTTP/2 client over a plain socket, for the tests that must send what no well-behaved client sends:
 * frames are written byte by byte as RFC 9113 4.1 lays them out, and read back the same way.
 */
final class RawH2 implements AutoCloseable {

    static final int DATA = 0;
    static final int HEADERS = 1;
    static final int RST_STREAM = 3;
    static final int SETTINGS = 4;
    static final int PING = 6;
    static final int GOAWAY = 7;
    static final int WINDOW_UPDATE = 8;
    static final int CONTINUATION = 9;
    static final int END_STREAM = 0x1;
    static final int END_HEADERS = 0x4;
    static final long ENHANCE_YOUR_CALM = 0xb;
    static final long FLOW_CONTROL_ERROR = 0x3;

    /** A frame read from the server. */
    record Frame(int type, int flags, int stream, byte[] payload) {
        /** For GOAWAY, the error code; for RST_STREAM, too. */
        long errorCode() {
            int at = type == GOAWAY ? 4 : 0;
            return ((payload[at] & 0xffL) << 24) | ((payload[at + 1] & 0xff) << 16) | ((payload[at + 2] & 0xff) << 8)
                    | (payload[at + 3] & 0xff);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final DefaultHttp2HeadersEncoder hpack = new DefaultHttp2HeadersEncoder();

    RawH2(InetSocketAddress address) throws IOException {
        this(address, 0);
    }

    /** @param receiveBuffer the socket's receive buffer, set before connecting; 0 for the system's */
    RawH2(InetSocketAddress address, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.setTcpNoDelay(true);
        socket.connect(address, 5000);
        socket.setSoTimeout(15_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
    }

    /** The connection preface and an empty SETTINGS frame. */
    RawH2 preface() throws IOException {
        out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        frame(SETTINGS, 0, 0, new byte[0]);
        return this;
    }

    Socket socket() {
        return socket;
    }

    /** Bytes as they are, e.g. an HTTP/1.1 request before an upgrade. */
    void raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** An HTTP/1.1 head, up to and without its blank line (e.g. {@code 101 Switching Protocols}). */
    String head() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            b.write(in.readUnsignedByte());
            byte[] sofar = b.toByteArray();
            int n = sofar.length;
            if (n >= 4 && sofar[n - 4] == '\r' && sofar[n - 3] == '\n' && sofar[n - 2] == '\r' && sofar[n - 1] == '\n') {
                return new String(sofar, 0, n - 4, StandardCharsets.ISO_8859_1);
            }
        }
    }

    /** {@code length} bytes (an HTTP/1.1 body whose length the head gave). */
    byte[] bytes(int length) throws IOException {
        byte[] b = new byte[length];
        in.readFully(b);
        return b;
    }

    void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        out.write(header(type, flags, stream, payload.length));
        out.write(payload);
    }

    static byte[] header(int type, int flags, int stream, int length) {
        return new byte[] {(byte) (length >>> 16), (byte) (length >>> 8), (byte) length, (byte) type, (byte) flags,
                (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream};
    }

    void flush() throws IOException {
        out.flush();
    }

    /** An HPACK-encoded GET request block. */
    byte[] get(String path) throws Exception {
        Http2Headers h = new DefaultHttp2Headers().method("GET").scheme("http").path(path).authority("localhost");
        ByteBuf buf = Unpooled.buffer();
        try {
            hpack.encodeHeaders(1, h, buf);
            byte[] b = new byte[buf.readableBytes()];
            buf.readBytes(b);
            return b;
        } finally {
            buf.release();
        }
    }

    void request(int stream, String path) throws Exception {
        frame(HEADERS, END_HEADERS | END_STREAM, stream, get(path));
    }

    static byte[] int32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** The next frame, or {@code null} at the end of the stream (the server closed the connection). */
    Frame read() throws IOException {
        byte[] h = new byte[9];
        try {
            in.readFully(h);
        } catch (EOFException e) {
            return null;
        }
        int length = ((h[0] & 0xff) << 16) | ((h[1] & 0xff) << 8) | (h[2] & 0xff);
        byte[] payload = new byte[length];
        in.readFully(payload);
        int stream = ((h[5] & 0x7f) << 24) | ((h[6] & 0xff) << 16) | ((h[7] & 0xff) << 8) | (h[8] & 0xff);
        return new Frame(h[3] & 0xff, h[4] & 0xff, stream, payload);
    }

    /** Reads until a GOAWAY (returned) or the end of the connection ({@code null}). */
    Frame untilGoAway() throws IOException {
        try {
            for (Frame f = read(); f != null; f = read()) {
                if (f.type() == GOAWAY) {
                    return f;
                }
            }
        } catch (java.net.SocketException e) {
            return null;
        }
        return null;
    }

    /** Reads until the server closes; {@code true} when it did (EOF or reset), {@code false} on a read timeout. */
    boolean closedByServer() throws IOException {
        try {
            while (read() != null) {
                // drain
            }
            return true;
        } catch (EOFException | java.net.SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** Bytes read until the server closes (EOF or reset). */
    long drain() throws IOException {
        long n = 0;
        byte[] b = new byte[64 * 1024];
        try {
            for (int r = in.read(b); r >= 0; r = in.read(b)) {
                n += r;
            }
        } catch (java.net.SocketException e) {
            // reset: closed too
        }
        return n;
    }

    /** The HEADERS block bytes of the answer on {@code stream} and its DATA, until END_STREAM. */
    byte[] body(int stream) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Frame f = read(); f != null; f = read()) {
            if (f.stream() == stream && f.type() == DATA) {
                b.write(f.payload());
            }
            if (f.stream() == stream && (f.flags() & END_STREAM) != 0 && (f.type() == DATA || f.type() == HEADERS)) {
                return b.toByteArray();
            }
            if (f.type() == GOAWAY || f.stream() == stream && f.type() == RST_STREAM) {
                throw new IOException("stream " + stream + " ended by frame type " + f.type());
            }
        }
        throw new EOFException();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
