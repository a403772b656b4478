package org.camelot.protocol.udp;

/**
 * A datagram as the {@code log} mode shows it between double quotes: UTF-8 text, with everything that could hide,
 * forge or break a log line written as an escape. The result is plain printable text, and the bytes can be read
 * back from it without ambiguity:
 * <ul>
 *   <li>a byte that is not part of well-formed UTF-8: {@code \xNN} (lower-case hex);</li>
 *   <li>{@code "} and {@code \}: {@code \"} and {@code \\};</li>
 *   <li>newline, carriage return, tab: {@code \n}, {@code \r}, {@code \t};</li>
 *   <li>other control characters (C0, DEL, C1), format characters (bidirectional overrides, zero-width marks, ...)
 *       and the line and paragraph separators: {@code \}{@code uXXXX}, or {@code \UXXXXXXXX} above U+FFFF;</li>
 *   <li>everything else as it is.</li>
 * </ul>
 */
final class EscapedText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private EscapedText() {
    }

    static String escape(byte[] bytes) {
        return escape(bytes, 0, bytes.length);
    }

    static String escape(byte[] b, int offset, int length) {
        int end = offset + length;
        StringBuilder out = new StringBuilder(length + 16);
        int i = offset;
        while (i < end) {
            int d = Utf8.decode(b, i, end);
            if (d == Utf8.MALFORMED) {
                out.append("\\x").append(HEX[b[i] >> 4 & 0xf]).append(HEX[b[i] & 0xf]);
                i++;
                continue;
            }
            append(out, Utf8.codePoint(d));
            i += Utf8.length(d);
        }
        return out.toString();
    }

    private static void append(StringBuilder out, int cp) {
        switch (cp) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                if (cp >= 0x20 && cp < 0x7f) {
                    out.append((char) cp);
                } else if (hidden(cp)) {
                    hex(out, cp <= 0xffff ? "\\u" : "\\U", cp, cp <= 0xffff ? 4 : 8);
                } else {
                    out.appendCodePoint(cp);
                }
            }
        }
    }

    private static boolean hidden(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static void hex(StringBuilder out, String prefix, int value, int digits) {
        out.append(prefix);
        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
            out.append(HEX[value >> shift & 0xf]);
        }
    }
}
