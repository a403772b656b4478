package org.camelot.protocol.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UpperCaseTextTest {

    private static String upper(String text) {
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        return new String(UpperCaseText.upperCase(in, 0, in.length), StandardCharsets.UTF_8);
    }

    @Test
    void upperCasesAsciiAndOtherScripts() {
        assertEquals("HELLO, WORLD 42!", upper("hello, World 42!"));
        assertEquals("ÉCOLE ПРИВЕТ ΑΒΓ", upper("école привет αβγ"));
        assertEquals("東京 🎉", upper("東京 🎉"));
    }

    @Test
    void usesFullCaseMappingsThatFitTheRequest() {
        assertEquals("STRASSE", upper("straße")); // ß (2 bytes) -> SS (2 bytes)
        assertEquals("FFI", upper("\ufb03"));      // ﬃ (3 bytes) -> FFI (3 bytes)
    }

    @Test
    void leavesACharacterUnchangedWhenItsUpperCaseIsLongerInUtf8() {
        assertEquals("\u0250X", upper("\u0250x"));   // ɐ (2 bytes) -> Ɐ U+2C6F would take 3
        assertEquals("\u0390A", upper("\u0390a"));   // ΐ -> three characters, 6 bytes
        assertEquals("\u0149N", upper("\u0149n"));   // ŉ -> ʼN, 3 bytes
    }

    @Test
    void mayShrinkTheText() {
        assertEquals("I", upper("\u0131"));          // dotless ı (2 bytes) -> I (1 byte)
        assertEquals(1, UpperCaseText.upperCase("\u0131".getBytes(StandardCharsets.UTF_8), 0, 2).length);
    }

    @Test
    void passesInvalidUtf8ThroughByteForByte() {
        byte[] in = HexFormat.of().parseHex("61ff62e28263c0af");
        assertArrayEquals(HexFormat.of().parseHex("41ff42e28243c0af"), UpperCaseText.upperCase(in, 0, in.length));
    }

    @Test
    void matchesTheJdkForEveryCodePointWhoseUpperCaseFits() {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                continue;
            }
            String text = new String(Character.toChars(cp));
            byte[] in = text.getBytes(StandardCharsets.UTF_8);
            byte[] jdk = text.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
            byte[] expected = jdk.length <= in.length ? jdk : in;
            assertArrayEquals(expected, UpperCaseText.upperCase(in, 0, in.length), () -> "U+" + Integer.toHexString(text.codePointAt(0)));
        }
    }

    @Test
    void neverAnswersWithMoreBytesThanItWasSent() {
        Random random = new Random(3);
        String growing = "\u0250\u0390\u0149\u0587ß\u1f80a";
        for (int n = 0; n < 2_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(30); i > 0; i--) {
                text.append(growing.charAt(random.nextInt(growing.length())));
            }
            byte[] in = text.toString().getBytes(StandardCharsets.UTF_8);
            byte[] out = UpperCaseText.upperCase(in, 0, in.length);
            assertTrue(out.length <= in.length, text::toString);
        }
        byte[] bytes = EscapedTextTest.randomMostlyUtf8(new Random(5), 10_000);
        assertTrue(UpperCaseText.upperCase(bytes, 0, bytes.length).length <= bytes.length);
    }

    @Test
    void readsTheGivenRangeOnly() {
        byte[] in = "xxabcxx".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals("ABC".getBytes(StandardCharsets.US_ASCII), UpperCaseText.upperCase(in, 2, 3));
    }
}
