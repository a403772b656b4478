package org.camelot.protocol.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EscapedTextTest {

    private static String escape(String text) {
        return EscapedText.escape(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String escapeHex(String hex) {
        return EscapedText.escape(HexFormat.of().parseHex(hex));
    }

    @Test
    void keepsPrintableTextIncludingNonAscii() {
        assertEquals("hello", escape("hello"));
        assertEquals("Grüße, 東京 🎉", escape("Grüße, 東京 🎉"));
        assertEquals("", escape(""));
    }

    @Test
    void escapesQuotesAndBackslashesSoTheQuotedFormIsUnambiguous() {
        assertEquals("say \\\"hi\\\" \\\\o/", escape("say \"hi\" \\o/"));
    }

    @Test
    void escapesLineBreaksSoOneDatagramIsOneLogLine() {
        assertEquals("a\\nb\\r\\nc\\td", escape("a\nb\r\nc\td"));
        assertEquals("x\\u2028y\\u2029z", escape("x\u2028y\u2029z"));
    }

    @Test
    void escapesTerminalControlSequencesAndOtherControls() {
        assertEquals("\\u001b[31mred\\u001b[0m", escape("\u001b[31mred\u001b[0m"));
        assertEquals("\\u0000\\u0007\\u007f\\u0085", escape("\u0000\u0007\u007f\u0085"));
    }

    @Test
    void escapesInvisibleFormatCharactersThatCouldDisguiseText() {
        assertEquals("abc\\u202egnp.exe", escape("abc\u202egnp.exe"));
        assertEquals("a\\u200bb\\ufeff", escape("a\u200bb\ufeff"));
        assertEquals("tag\\U000e0041", escape("tag" + new String(Character.toChars(0xE0041))));
    }

    @Test
    void showsEveryByteOfInvalidUtf8AsHex() {
        assertEquals("\\xff\\xfe", escapeHex("fffe"));
        // a truncated 3-byte sequence followed by a valid letter: the letter survives
        assertEquals("\\xe2\\x82A", escapeHex("e28241"));
        // overlong "/" and an encoded surrogate are not text
        assertEquals("\\xc0\\xaf", escapeHex("c0af"));
        assertEquals("\\xed\\xa0\\x80", escapeHex("eda080"));
        // above U+10FFFF
        assertEquals("\\xf4\\x90\\x80\\x80", escapeHex("f4908080"));
        assertEquals("ok \\x80 ok", escapeHex("6f6b20802" + "06f6b"));
    }

    @Test
    void escapedTextAlwaysReadsBackToTheOriginalBytes() {
        Random random = new Random(42);
        for (int n = 0; n < 5_000; n++) {
            byte[] bytes = randomMostlyUtf8(random, random.nextInt(40));
            String escaped = EscapedText.escape(bytes);
            assertTrue(escaped.codePoints().noneMatch(cp -> cp < 0x20 || cp == 0x7f),
                    "no raw control character in " + escaped);
            assertArrayEquals(bytes, unescape(escaped), escaped);
        }
    }

    /** Random bytes biased towards UTF-8 lead and continuation bytes, so that both valid and broken text occur. */
    static byte[] randomMostlyUtf8(Random random, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = switch (random.nextInt(6)) {
                case 0 -> (byte) (0x80 + random.nextInt(0x40));
                case 1 -> (byte) (0xc0 + random.nextInt(0x40));
                case 2 -> (byte) random.nextInt(0x20);
                default -> (byte) random.nextInt(0x80);
            };
        }
        return b;
    }

    private static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c != '\\') {
                int cp = s.codePointAt(i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
                continue;
            }
            char kind = s.charAt(i + 1);
            switch (kind) {
                case 'x' -> {
                    out.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
                    i += 4;
                }
                case 'u', 'U' -> {
                    int digits = kind == 'u' ? 4 : 8;
                    int cp = Integer.parseInt(s.substring(i + 2, i + 2 + digits), 16);
                    out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                    i += 2 + digits;
                }
                default -> {
                    out.write(switch (kind) {
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case 't' -> '\t';
                        default -> kind;
                    });
                    i += 2;
                }
            }
        }
        return out.toByteArray();
    }
}
