package org.camelot.server.hostile;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads HTTP/1.x answers off a socket one at a time, each within a time limit, and tells an orderly close, a reset
 * and silence apart. Interim (1xx) answers are skipped.
 */
final class AnswerReader {

    /** What came: an answer, the end of the stream, or nothing within the time limit. */
    sealed interface Read permits Answer, Closed, Silent {
    }

    /** One complete answer. */
    record Answer(int status, byte[] body) implements Read {
    }

    /** The server closed the connection (FIN or reset) before a complete answer; {@code partial}: bytes of one. */
    record Closed(boolean partial) implements Read {
    }

    /** Nothing complete within the time limit. */
    record Silent() implements Read {
    }

    private final Socket socket;
    private final InputStream in;
    private long deadline;

    AnswerReader(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 65536);
    }

    /** The next final answer, waiting at most {@code millis}. */
    Read next(int millis) {
        deadline = System.nanoTime() + millis * 1_000_000L;
        boolean started = false;
        try {
            while (true) {
                String statusLine = line();
                started = true;
                if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
                    throw new IOException("not a status line: " + statusLine);
                }
                int status = Integer.parseInt(statusLine.substring(9, 12));
                long length = -1;
                boolean chunked = false;
                for (String l = line(); !l.isEmpty(); l = line()) {
                    int colon = l.indexOf(':');
                    String name = colon < 0 ? l : l.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = colon < 0 ? "" : l.substring(colon + 1).trim();
                    if (name.equals("content-length")) {
                        length = Long.parseLong(value);
                    } else if (name.equals("transfer-encoding")) {
                        chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                    }
                }
                if (status >= 100 && status < 200) {
                    continue;
                }
                byte[] body;
                if (status == 204 || status == 304) {
                    body = new byte[0];
                } else if (chunked) {
                    body = chunkedBody();
                } else if (length >= 0) {
                    body = bytes((int) length);
                } else {
                    body = untilClose();
                }
                return new Answer(status, body);
            }
        } catch (SocketTimeoutException e) {
            return new Silent();
        } catch (IOException | RuntimeException e) {
            return new Closed(started);
        }
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (n == 0) {
                while (!line().isEmpty()) {
                    // trailer fields
                }
                return out.toByteArray();
            }
            out.write(bytes(n));
            line();
        }
    }

    private byte[] untilClose() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b = read(); b >= 0; b = read()) {
            out.write(b);
        }
        return out.toByteArray();
    }

    private byte[] bytes(int n) throws IOException {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            int c = read();
            if (c < 0) {
                throw new EOFException("body cut short");
            }
            b[i] = (byte) c;
        }
        return b;
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int c = read();
            if (c < 0) {
                throw new EOFException("closed after: " + b);
            }
            if (c == '\n') {
                int n = b.length();
                return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
            }
            if (b.length() > 65536) {
                throw new IOException("line too long");
            }
            b.append((char) c);
        }
    }

    private int read() throws IOException {
        if (in.available() == 0) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                throw new SocketTimeoutException();
            }
            socket.setSoTimeout((int) left);
        }
        return in.read();
    }

    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
