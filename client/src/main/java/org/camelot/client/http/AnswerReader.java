package org.camelot.client.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads one HTTP/1.x answer: its head, then its body by whichever framing the head announces. */
final class AnswerReader {

    /** The most bytes a head may have. */
    static final int MAX_HEAD = 64 * 1024;

    /**
     * @param status     the status code
     * @param bytes      the status line and header lines exactly as received, blank line included
     * @param length     {@code Content-Length}, or -1
     * @param chunked    whether the body is chunked
     */
    record Head(int status, byte[] bytes, long length, boolean chunked) {
    }

    private final InputStream in;

    AnswerReader(InputStream in) {
        this.in = in;
    }

    /** The head of the final answer; interim 1xx heads are read and skipped. */
    Head readHead() throws IOException {
        while (true) {
            ByteArrayOutputStream head = new ByteArrayOutputStream(512);
            String statusLine = line(head);
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                throw new ProtocolException("not an HTTP/1.x answer: " + printable(statusLine));
            }
            int status;
            try {
                status = Integer.parseInt(statusLine.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new ProtocolException("no status code in: " + printable(statusLine));
            }
            long length = -1;
            boolean chunked = false;
            for (String line = line(head); !line.isEmpty(); line = line(head)) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new ProtocolException("malformed header line: " + printable(line));
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    try {
                        length = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new ProtocolException("malformed Content-Length: " + printable(value));
                    }
                } else if (name.equals("transfer-encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                }
            }
            if (status >= 200 || status == 101) {
                return new Head(status, head.toByteArray(), length, chunked);
            }
        }
    }

    /** Copies the body to {@code out}, undoing chunked framing. */
    void readBody(Head head, boolean headRequest, OutputStream out) throws IOException {
        int s = head.status();
        if (headRequest || s == 204 || s == 304 || s < 200) {
            return;
        }
        if (head.chunked()) {
            ByteArrayOutputStream ignored = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line(ignored);
                int semi = sizeLine.indexOf(';');
                long size;
                try {
                    size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new ProtocolException("malformed chunk size: " + printable(sizeLine));
                }
                if (size == 0) {
                    while (!line(ignored).isEmpty()) {
                        ignored.reset();
                    }
                    return;
                }
                copy(size, out);
                if (!line(ignored).isEmpty()) {
                    throw new ProtocolException("no line end after a chunk");
                }
            }
        } else if (head.length() >= 0) {
            copy(head.length(), out);
        } else {
            in.transferTo(out);
        }
    }

    private void copy(long n, OutputStream out) throws IOException {
        byte[] buf = new byte[(int) Math.min(64 * 1024, Math.max(1, n))];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new EOFException("the connection closed " + left + " bytes before the end of the body");
            }
            out.write(buf, 0, r);
            left -= r;
        }
    }

    /** One line without its CRLF (or LF); its bytes, line end included, also go to {@code head}. */
    private String line(ByteArrayOutputStream head) throws IOException {
        StringBuilder b = new StringBuilder(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException(head.size() == 0 && b.isEmpty()
                        ? "the server closed the connection without answering"
                        : "the connection closed in the middle of the answer's head");
            }
            head.write(c);
            if (head.size() > MAX_HEAD) {
                throw new ProtocolException("answer head over " + MAX_HEAD + " bytes");
            }
            if (c == '\n') {
                int len = b.length();
                return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
            }
            b.append((char) c);
        }
    }

    private static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return new String(t.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.US_ASCII)
                .replaceAll("\\p{Cntrl}", "?");
    }
}
