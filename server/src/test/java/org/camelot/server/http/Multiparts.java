package org.camelot.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits a multipart/byteranges body into the bodies of its parts, for tests. */
final class Multiparts {

    private Multiparts() {
    }

    static List<byte[]> parts(byte[] body, String boundary) {
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        List<byte[]> out = new ArrayList<>();
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int lineEnd = at + delimiter.length;
            if (body[lineEnd] == '-' && body[lineEnd + 1] == '-') {
                break;
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), lineEnd) + 4;
            int next = indexOf(body, delimiter, headersEnd);
            ByteArrayOutputStream part = new ByteArrayOutputStream();
            part.write(body, headersEnd, next - headersEnd);
            out.add(part.toByteArray());
            at = next;
        }
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
