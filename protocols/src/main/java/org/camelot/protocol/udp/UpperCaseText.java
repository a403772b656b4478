package org.camelot.protocol.udp;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code upper} mode's transformation: UTF-8 text in upper case, never longer than the datagram it answers.
 *
 * <p>Each character is mapped as {@link String#toUpperCase(Locale) toUpperCase(Locale.ROOT)} maps it, including the
 * mappings to several characters ({@code ß} to {@code SS}). The rule that keeps replies from growing is per
 * character: <em>a character whose upper case takes more UTF-8 bytes than the character itself is sent back
 * unchanged</em> (for example {@code ɐ} U+0250, 2 bytes, whose upper case {@code Ɐ} U+2C6F takes 3, or {@code ΐ},
 * whose upper case is three characters). So the whole text always comes back, no reply is larger than its request,
 * and a reply can be shorter ({@code ı} U+0131 becomes {@code I}). Bytes that are not well-formed UTF-8 come back
 * unchanged.
 */
final class UpperCaseText {

    /** BMP characters whose full upper case differs from {@link Character#toUpperCase(int)}: several characters. */
    private static final BitSet SPECIAL = new BitSet(0x10000);
    private static final Map<Integer, int[]> SPECIAL_MAPPINGS = new HashMap<>();

    static {
        // The JDK's special casings (SpecialCasing.txt) are all in the BMP; UpperCaseTextTest checks every code point.
        for (int c = 0x80; c < 0x10000; c++) {
            if (Character.isSurrogate((char) c)) {
                continue;
            }
            String upper = String.valueOf((char) c).toUpperCase(Locale.ROOT);
            if (upper.codePointCount(0, upper.length()) != 1 || upper.codePointAt(0) != Character.toUpperCase(c)) {
                SPECIAL.set(c);
                SPECIAL_MAPPINGS.put(c, upper.codePoints().toArray());
            }
        }
    }

    private UpperCaseText() {
    }

    /** Loads the class, so that its table is built before the first datagram. */
    static void load() {
    }

    /** The upper case of {@code length} bytes from {@code offset}, as a new array no longer than {@code length}. */
    static byte[] upperCase(byte[] in, int offset, int length) {
        byte[] out = new byte[length];
        int end = offset + length;
        int o = 0;
        for (int i = offset; i < end; ) {
            byte b = in[i];
            if (b >= 0) { // ASCII, the common case
                out[o++] = b >= 'a' && b <= 'z' ? (byte) (b - 32) : b;
                i++;
                continue;
            }
            int d = Utf8.decode(in, i, end);
            if (d == Utf8.MALFORMED) {
                out[o++] = b;
                i++;
                continue;
            }
            int cp = Utf8.codePoint(d);
            int n = Utf8.length(d);
            o = cp < 0x10000 && SPECIAL.get(cp) ? special(cp, in, i, n, out, o) : single(cp, in, i, n, out, o);
            i += n;
        }
        return o == length ? out : Arrays.copyOf(out, o);
    }

    private static int single(int cp, byte[] in, int i, int n, byte[] out, int o) {
        int upper = Character.toUpperCase(cp);
        if (upper == cp || Utf8.encodedLength(upper) > n) {
            System.arraycopy(in, i, out, o, n);
            return o + n;
        }
        return Utf8.encode(upper, out, o);
    }

    private static int special(int cp, byte[] in, int i, int n, byte[] out, int o) {
        int[] upper = SPECIAL_MAPPINGS.get(cp);
        int size = 0;
        for (int u : upper) {
            size += Utf8.encodedLength(u);
        }
        if (size > n) {
            System.arraycopy(in, i, out, o, n);
            return o + n;
        }
        for (int u : upper) {
            o = Utf8.encode(u, out, o);
        }
        return o;
    }
}
