package org.camelot.client.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The head of an HTTP/2 or HTTP/3 answer: its status, and the head printed as curl prints it. */
final class AnswerHead {

    private AnswerHead() {
    }

    /**
     * The status code of a head's {@code :status}: 1xx for an interim head.
     *
     * @throws ProtocolException a missing status, or one that is not three digits
     */
    static int status(CharSequence value) throws ProtocolException {
        int c;
        try {
            c = value == null ? -1 : Integer.parseInt(value.toString());
        } catch (NumberFormatException e) {
            c = -1;
        }
        if (c < 100 || c > 999) {
            throw new ProtocolException("the server's answer has no valid :status (" + value + ")");
        }
        return c;
    }

    /**
     * Writes {@code HTTP/2 200} (or {@code HTTP/3}), then the fields as received (in lower case, without the
     * pseudo-header fields), then a blank line.
     */
    static void write(OutputStream out, String version, int status,
                      Iterable<Map.Entry<CharSequence, CharSequence>> fields) throws IOException {
        StringBuilder head = new StringBuilder(256).append(version).append(' ').append(status).append("\r\n");
        for (Map.Entry<CharSequence, CharSequence> h : fields) {
            if (h.getKey().length() > 0 && h.getKey().charAt(0) != ':') {
                head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    }
}
