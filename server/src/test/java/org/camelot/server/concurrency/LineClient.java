package org.camelot.server.concurrency;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A blocking test client that writes bytes and reads replies up to a delimiter. */
final class LineClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    LineClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static LineClient connect(InetSocketAddress address, int timeoutMillis) throws IOException {
        Socket s = new Socket();
        s.connect(address, timeoutMillis);
        s.setSoTimeout(timeoutMillis);
        s.setTcpNoDelay(true);
        return new LineClient(s);
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads up to and including {@code delimiter}; {@code null} if the server closed first. */
    String readUntil(char delimiter) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            if (c == delimiter) {
                return b.toString(StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    String readLine() throws IOException {
        return readUntil('\n');
    }

    /**
     * Whether the server closes the connection (end of stream, or a reset) within the read timeout, skipping what
     * it still sends first (a TLS alert, say), up to 64 KiB.
     */
    boolean closedByServer() {
        try {
            byte[] skip = new byte[4096];
            for (int total = 0; total < 65_536; ) {
                int n = in.read(skip);
                if (n < 0) {
                    return true;
                }
                total += n;
            }
            return false;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
