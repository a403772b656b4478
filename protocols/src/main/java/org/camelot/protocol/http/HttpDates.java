package org.camelot.protocol.http;

import io.netty.handler.codec.DateFormatter;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Date;

/** HTTP dates: the {@code Date} header, formatted once a second, and other dates on demand. */
public final class HttpDates {

    private record Line(long second, byte[] bytes, AsciiString value) {
    }

    private static volatile Line current = new Line(-1, new byte[0], AsciiString.EMPTY_STRING);

    private HttpDates() {
    }

    private static Line line() {
        long second = System.currentTimeMillis() / 1000;
        Line line = current;
        if (line.second != second) {
            String value = format(second * 1000);
            line = new Line(second, ("Date: " + value + "\r\n").getBytes(StandardCharsets.US_ASCII),
                    AsciiString.cached(value));
            current = line;
        }
        return line;
    }

    /** {@code Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n} for now, as ASCII bytes. */
    public static byte[] dateLine() {
        return line().bytes;
    }

    /** The {@code Date} value for now, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    public static AsciiString now() {
        return line().value;
    }

    /** An IMF-fixdate, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    public static String format(long epochMillis) {
        return DateFormatter.format(new Date(epochMillis));
    }
}
