package org.camelot.server.concurrency;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.camelot.protocol.framed.FramedProtocol;
import org.camelot.protocol.framed.Framer;
import org.camelot.protocol.framed.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection served by blocking reads and writes on the thread that runs it: the same {@link Framer} and
 * {@link FramedProtocol} as the event-loop handler, so framing, limits and answers are identical. Replies to the
 * messages of one read are written together, as the event-loop handler flushes once per read batch.
 *
 * <p>Draining follows the event-loop rules: a connection waiting for its next message closes at once; one in the
 * middle of a message or of an answer finishes it, writes the reply, then closes.
 */
final class BlockingConnection implements Runnable, Framer.Sink {

    private static final Logger log = LoggerFactory.getLogger(BlockingConnection.class);
    private static final int READ_BUFFER = 8192;
    private static final int FLUSH_AT = 64 * 1024;

    private final Socket socket;
    private final FramedProtocol protocol;
    private final Framer framer;
    private final String listener;
    private final Wiretap wiretap;
    private final Runnable onEnd;
    private final String remote;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(256);
    private OutputStream out;
    private boolean reading;
    private boolean draining;
    private volatile boolean closedByServer;
    private volatile long writingSince;

    BlockingConnection(Socket socket, FramedProtocol protocol, String listener, Wiretap wiretap, Runnable onEnd) {
        this.socket = socket;
        this.protocol = protocol;
        this.framer = new Framer(protocol.framing());
        this.listener = listener;
        this.wiretap = wiretap;
        this.onEnd = onEnd;
        this.remote = String.valueOf(socket.getRemoteSocketAddress());
    }

    @Override
    public void run() {
        try {
            serve();
        } catch (IOException e) {
            ended(e);
        } catch (UncheckedIOException e) {
            ended(e.getCause());
        } catch (RuntimeException e) {
            log.warn("listener {}: closing {} after an unhandled error", listener, remote, e);
        } finally {
            closeQuietly();
            onEnd.run();
        }
    }

    private void ended(IOException e) {
        if (e instanceof SocketTimeoutException) {
            log.debug("listener {}: {}: idle timeout, closing", listener, remote);
        } else if (closedByServer) {
            log.debug("listener {}: {}: closed by the server", listener, remote);
        } else if (e instanceof SSLException) {
            log.warn("listener {}: TLS with {} failed: {}", listener, remote, e.getMessage());
        } else {
            log.debug("listener {}: {}: {}", listener, remote, e.toString());
        }
    }

    private void serve() throws IOException {
        if (socket instanceof SSLSocket tls) {
            tls.startHandshake();
        }
        InputStream in = socket.getInputStream();
        out = socket.getOutputStream();
        byte[] buffer = new byte[READ_BUFFER];
        while (beginRead()) {
            int n;
            try {
                n = in.read(buffer);
            } finally {
                endRead();
            }
            if (n < 0) {
                return;
            }
            if (wiretap != null) {
                wiretap.read(remote, buffer, n);
            }
            boolean more = framer.feed(buffer, 0, n, this);
            flush();
            if (!more) {
                return;
            }
        }
    }

    @Override
    public boolean frame(byte[] frame) {
        return send(protocol.answer(frame));
    }

    @Override
    public boolean tooLong() {
        return send(protocol.tooLong(remote));
    }

    private boolean send(Reply reply) {
        pending.writeBytes(reply.bytes());
        if (pending.size() >= FLUSH_AT) {
            flushUnchecked();
        }
        return !reply.close();
    }

    private void flushUnchecked() {
        try {
            flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void flush() throws IOException {
        if (pending.size() == 0) {
            return;
        }
        byte[] bytes = pending.toByteArray();
        pending.reset();
        if (wiretap != null) {
            wiretap.write(remote, bytes, bytes.length);
        }
        writingSince = System.nanoTime() | 1;
        try {
            out.write(bytes);
            out.flush();
        } finally {
            writingSince = 0;
        }
    }

    private synchronized boolean beginRead() {
        if (draining && !framer.hasPartialFrame()) {
            return false;
        }
        reading = true;
        return true;
    }

    private synchronized void endRead() {
        reading = false;
    }

    /** Finishes the message in progress, if any, and then closes; closes at once a connection waiting to read. */
    synchronized void drain() {
        draining = true;
        if (reading && !framer.hasPartialFrame()) {
            close();
        }
    }

    /** Whether a write has been blocked for longer than {@code limitNanos} (the peer reads nothing). */
    boolean writeStalled(long now, long limitNanos) {
        long since = writingSince;
        return since != 0 && now - since > limitNanos;
    }

    /** Closes the socket; the thread serving it wakes from its read or write and ends. */
    void close() {
        closedByServer = true;
        closeQuietly();
    }

    String remote() {
        return remote;
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("listener {}: {}: close: {}", listener, remote, e.toString());
        }
    }
}
