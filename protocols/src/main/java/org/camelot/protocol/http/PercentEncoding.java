package org.camelot.protocol.http;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of decoded paths, for {@code Location} headers and links. */
public final class PercentEncoding {

    private static final String SAFE = "/-._~!$&'()*+,;=:@";

    private PercentEncoding() {
    }

    /** Encodes the UTF-8 bytes of a decoded path that are not safe in a path; {@code /} stays as it is. */
    public static String encodePath(String path) {
        StringBuilder out = null;
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            boolean safe = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c < 0x80 && SAFE.indexOf(c) >= 0;
            if (!safe && out == null) {
                out = new StringBuilder(bytes.length + 16).append(new String(bytes, 0, i, StandardCharsets.US_ASCII));
            }
            if (out != null) {
                if (safe) {
                    out.append((char) c);
                } else {
                    out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
                }
            }
        }
        return out == null ? path : out.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
}
