package org.camelot.protocol.udp;

/**
 * Strict UTF-8 decoding of one character at a time, so that callers can treat every byte that is not part of a
 * well-formed sequence on its own (escape it, or pass it through) instead of losing it to a replacement character.
 * Overlong forms, surrogates and code points above U+10FFFF are malformed, as in the JDK's decoder.
 */
final class Utf8 {

    /** Returned by {@link #decode} for a byte that does not start a well-formed sequence. */
    static final int MALFORMED = -1;

    private Utf8() {
    }

    /**
     * Decodes the character starting at {@code i}.
     *
     * @return {@link #MALFORMED}, or the code point in the low 21 bits and the sequence's length in bytes above them
     *         (read them with {@link #codePoint} and {@link #length})
     */
    static int decode(byte[] b, int i, int end) {
        int b0 = b[i] & 0xff;
        if (b0 < 0x80) {
            return 1 << 21 | b0;
        }
        if (b0 < 0xc2) {
            return MALFORMED; // a continuation byte, or the lead of an overlong two-byte form
        }
        if (b0 < 0xe0) {
            return i + 1 < end && continuation(b[i + 1]) ? 2 << 21 | (b0 & 0x1f) << 6 | b[i + 1] & 0x3f : MALFORMED;
        }
        if (b0 < 0xf0) {
            if (i + 2 >= end) {
                return MALFORMED;
            }
            int b1 = b[i + 1] & 0xff;
            boolean second = b0 == 0xe0 ? b1 >= 0xa0 && b1 <= 0xbf   // not overlong
                    : b0 == 0xed ? b1 >= 0x80 && b1 <= 0x9f          // not a surrogate
                    : continuation(b[i + 1]);
            return second && continuation(b[i + 2])
                    ? 3 << 21 | (b0 & 0x0f) << 12 | (b1 & 0x3f) << 6 | b[i + 2] & 0x3f : MALFORMED;
        }
        if (b0 < 0xf5) {
            if (i + 3 >= end) {
                return MALFORMED;
            }
            int b1 = b[i + 1] & 0xff;
            boolean second = b0 == 0xf0 ? b1 >= 0x90 && b1 <= 0xbf   // not overlong
                    : b0 == 0xf4 ? b1 >= 0x80 && b1 <= 0x8f          // not above U+10FFFF
                    : continuation(b[i + 1]);
            return second && continuation(b[i + 2]) && continuation(b[i + 3])
                    ? 4 << 21 | (b0 & 0x07) << 18 | (b1 & 0x3f) << 12 | (b[i + 2] & 0x3f) << 6 | b[i + 3] & 0x3f
                    : MALFORMED;
        }
        return MALFORMED;
    }

    static int codePoint(int decoded) {
        return decoded & 0x1fffff;
    }

    static int length(int decoded) {
        return decoded >>> 21;
    }

    /** How many bytes UTF-8 takes for a code point. */
    static int encodedLength(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    /** Writes a code point at {@code at}; returns the position after it. */
    static int encode(int cp, byte[] out, int at) {
        if (cp < 0x80) {
            out[at++] = (byte) cp;
        } else if (cp < 0x800) {
            out[at++] = (byte) (0xc0 | cp >> 6);
            out[at++] = (byte) (0x80 | cp & 0x3f);
        } else if (cp < 0x10000) {
            out[at++] = (byte) (0xe0 | cp >> 12);
            out[at++] = (byte) (0x80 | cp >> 6 & 0x3f);
            out[at++] = (byte) (0x80 | cp & 0x3f);
        } else {
            out[at++] = (byte) (0xf0 | cp >> 18);
            out[at++] = (byte) (0x80 | cp >> 12 & 0x3f);
            out[at++] = (byte) (0x80 | cp >> 6 & 0x3f);
            out[at++] = (byte) (0x80 | cp & 0x3f);
        }
        return at;
    }

    private static boolean continuation(byte b) {
        return (b & 0xc0) == 0x80;
    }
}
