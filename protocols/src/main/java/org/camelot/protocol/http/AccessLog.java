package org.camelot.protocol.http;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per answer in the combined log format, on the logger {@code camelot.access.LISTENER} at INFO, so an
 * operator can send it to a file of its own (or turn it off) in the logging configuration:
 * {@code 127.0.0.1 - - [10/Oct/2026:13:55:36 +0000] "GET /motto.txt HTTP/1.1" 200 58 "-" "curl/8.5.0"}.
 * The request line, referrer and user agent are escaped as nginx does, so a client cannot forge log lines.
 */
final class AccessLog {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneId.systemDefault());

    private record Stamp(long second, String text) {
    }

    private final Logger log;
    private volatile Stamp stamp = new Stamp(-1, "");

    AccessLog(String listener) {
        this.log = LoggerFactory.getLogger("camelot.access." + listener);
    }

    boolean enabled() {
        return log.isInfoEnabled();
    }

    /**
     * @param remote      the client's address
     * @param requestLine {@code METHOD TARGET VERSION}, or {@code null} when none could be read
     * @param bodyBytes   the body bytes sent
     */
    void log(String remote, String requestLine, int status, long bodyBytes, String referer, String userAgent) {
        StringBuilder b = new StringBuilder(160);
        b.append(remote).append(" - - [").append(now()).append("] \"");
        escape(b, requestLine);
        b.append("\" ").append(status).append(' ').append(bodyBytes).append(" \"");
        escape(b, referer);
        b.append("\" \"");
        escape(b, userAgent);
        b.append('"');
        log.info(b.toString());
    }

    private String now() {
        long second = System.currentTimeMillis() / 1000;
        Stamp s = stamp;
        if (s.second != second) {
            s = new Stamp(second, TIME.format(Instant.ofEpochSecond(second)));
            stamp = s;
        }
        return s.text;
    }

    static void escape(StringBuilder b, String s) {
        if (s == null || s.isEmpty()) {
            b.append('-');
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                if (c > 0xff) {
                    b.append("\\u").append(String.format("%04X", (int) c));
                } else {
                    b.append("\\x").append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
                }
            } else {
                b.append(c);
            }
        }
    }
}
