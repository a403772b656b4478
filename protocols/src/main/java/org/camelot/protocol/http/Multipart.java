package org.camelot.protocol.http;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/** A {@code multipart/byteranges} body (RFC 9110 14.6): a boundary line and part headers before each range. */
final class Multipart {

    private final String boundary;
    private final String partType;
    private final long total;

    /**
     * @param partType the representation's content type, repeated in each part, or {@code null}
     * @param total    the representation's length
     */
    Multipart(String partType, long total) {
        this.boundary = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        this.partType = partType;
        this.total = total;
    }

    String contentType() {
        return "multipart/byteranges; boundary=" + boundary;
    }

    /**
     * Adds the parts to {@code out}: a separator buffer, then {@code slicer}'s part for the range, for each range,
     * and the closing delimiter. Returns the body's length.
     */
    long build(List<long[]> ranges, Function<long[], Answer.Part> slicer, List<Answer.Part> out) {
        long length = 0;
        for (long[] r : ranges) {
            String separator = "\r\n--" + boundary + "\r\n"
                    + (partType == null ? "" : "Content-Type: " + partType + "\r\n")
                    + "Content-Range: bytes " + r[0] + "-" + r[1] + "/" + total + "\r\n\r\n";
            byte[] bytes = separator.getBytes(StandardCharsets.US_ASCII);
            out.add(new Answer.Bytes(Unpooled.wrappedBuffer(bytes)));
            out.add(slicer.apply(r));
            length += bytes.length + r[1] - r[0] + 1;
        }
        byte[] end = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        out.add(new Answer.Bytes(Unpooled.wrappedBuffer(end)));
        return length + end.length;
    }
}
