package org.camelot.protocol.http;

import io.netty.handler.codec.DateFormatter;
import java.nio.charset.StandardCharsets;
import java.util.Date;

/** HTTP dates: the {@code Date} header line, formatted once a second, and other dates on demand. */
final class HttpDates {

    private record Line(long second, byte[] bytes) {
    }

    private static volatile Line current = new Line(-1, new byte[0]);

    private HttpDates() {
    }

    /** {@code Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n} for now, as ASCII bytes. */
    static byte[] dateLine() {
        long now = System.currentTimeMillis();
        long second = now / 1000;
        Line line = current;
        if (line.second != second) {
            line = new Line(second, ("Date: " + format(second * 1000) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            current = line;
        }
        return line.bytes;
    }

    /** An IMF-fixdate, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    static String format(long epochMillis) {
        return DateFormatter.format(new Date(epochMillis));
    }
}
