package org.camelot.protocol.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void decodesWhatTheJdkDecodesAndRejectsWhatItRejects() {
        Random random = new Random(7);
        for (int n = 0; n < 20_000; n++) {
            byte[] bytes = EscapedTextTest.randomMostlyUtf8(random, random.nextInt(24));
            StringBuilder ours = new StringBuilder();
            for (int i = 0; i < bytes.length; ) {
                int d = Utf8.decode(bytes, i, bytes.length);
                if (d == Utf8.MALFORMED) {
                    ours.append('\ufffd');
                    i++;
                } else {
                    ours.appendCodePoint(Utf8.codePoint(d));
                    i += Utf8.length(d);
                }
            }
            // The JDK replaces a maximal ill-formed subpart with one U+FFFD, this decoder each of its bytes.
            String jdk = new String(bytes, StandardCharsets.UTF_8);
            assertEquals(jdk.replaceAll("\ufffd+", "\ufffd"), ours.toString().replaceAll("\ufffd+", "\ufffd"));
        }
    }

    @Test
    void encodesEveryCodePointAsTheJdkDoes() {
        byte[] out = new byte[4];
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                continue;
            }
            byte[] jdk = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            int n = Utf8.encode(cp, out, 0);
            assertEquals(jdk.length, n);
            assertEquals(jdk.length, Utf8.encodedLength(cp));
            for (int i = 0; i < n; i++) {
                assertEquals(jdk[i], out[i]);
            }
            int d = Utf8.decode(out, 0, n);
            assertEquals(cp, Utf8.codePoint(d));
            assertEquals(n, Utf8.length(d));
        }
    }
}
