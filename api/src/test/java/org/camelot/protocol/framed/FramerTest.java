package org.camelot.protocol.framed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramerTest {

    private final List<String> events = new ArrayList<>();

    private final Framer.Sink sink = new Framer.Sink() {
        @Override
        public boolean frame(byte[] frame) {
            events.add(new String(frame, StandardCharsets.UTF_8));
            return true;
        }

        @Override
        public boolean tooLong() {
            events.add("<too long>");
            return true;
        }
    };

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void splitsCoalescedMessagesInOrder() {
        Framer f = new Framer(new Framing((byte) '?', 100, true));
        byte[] b = bytes("a?bb?ccc?");
        f.feed(b, 0, b.length, sink);
        assertEquals(List.of("a?", "bb?", "ccc?"), events);
        assertFalse(f.hasPartialFrame());
    }

    @Test
    void joinsMessagesSplitByteByByte() {
        Framer f = new Framer(new Framing((byte) '\n', 100, false));
        byte[] b = bytes("hello\nworld\n");
        for (int i = 0; i < b.length; i++) {
            f.feed(b, i, 1, sink);
            if (i == 2) {
                assertTrue(f.hasPartialFrame());
            }
        }
        assertEquals(List.of("hello", "world"), events);
    }

    @Test
    void reportsOverlongMessageAtOnceThenSkipsToItsDelimiter() {
        Framer f = new Framer(new Framing((byte) '\n', 5, true));
        byte[] first = bytes("0123456");
        f.feed(first, 0, first.length, sink);
        assertEquals(List.of("<too long>"), events);
        byte[] rest = bytes("789\nok\n");
        f.feed(rest, 0, rest.length, sink);
        assertEquals(List.of("<too long>", "ok\n"), events);
    }

    @Test
    void limitCountsTheDelimiter() {
        Framer f = new Framer(new Framing((byte) '\n', 3, true));
        byte[] b = bytes("ab\nabc\nx\n");
        f.feed(b, 0, b.length, sink);
        assertEquals(List.of("ab\n", "<too long>", "x\n"), events);
    }

    @Test
    void overlongAcrossReadsIsReportedOnce() {
        Framer f = new Framer(new Framing((byte) '\n', 4, true));
        for (String part : List.of("abc", "def", "ghi", "j\nk\n")) {
            byte[] b = bytes(part);
            f.feed(b, 0, b.length, sink);
        }
        assertEquals(List.of("<too long>", "k\n"), events);
    }

    @Test
    void stopsWhenTheSinkAsks() {
        Framer f = new Framer(new Framing((byte) '?', 100, true));
        List<String> seen = new ArrayList<>();
        byte[] b = bytes("a?b?c?");
        boolean more = f.feed(b, 0, b.length, new Framer.Sink() {
            @Override
            public boolean frame(byte[] frame) {
                seen.add(new String(frame, StandardCharsets.UTF_8));
                return seen.size() < 2;
            }

            @Override
            public boolean tooLong() {
                return false;
            }
        });
        assertFalse(more);
        assertEquals(List.of("a?", "b?"), seen);
    }

    @Test
    void handsRangesInPlaceToASinkThatTakesThem() {
        Framer f = new Framer(new Framing((byte) '?', 16, false));
        List<String> seen = new ArrayList<>();
        Framer.Sink ranges = new Framer.Sink() {
            @Override
            public boolean frame(byte[] frame) {
                throw new AssertionError("the range form must be used");
            }

            @Override
            public boolean frame(byte[] bytes, int offset, int length) {
                seen.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
                return true;
            }

            @Override
            public boolean tooLong() {
                return true;
            }
        };
        byte[] first = bytes("__one?tw");
        f.feed(first, 2, first.length - 2, ranges);
        assertTrue(f.hasPartialFrame());
        byte[] second = bytes("o?three?");
        f.feed(second, 0, second.length, ranges);
        assertEquals(List.of("one", "two", "three"), seen);
    }

    @Test
    void reportsTheLimitReachedWithoutADelimiterAtOnce() {
        Framer f = new Framer(new Framing((byte) '\n', 4, true));
        byte[] whole = bytes("abc\n");
        f.feed(whole, 0, whole.length, sink);
        byte[] half = bytes("ab");
        f.feed(half, 0, half.length, sink);
        assertEquals(List.of("abc\n"), events);
        byte[] more = bytes("cd");
        f.feed(more, 0, more.length, sink);
        assertEquals(List.of("abc\n", "<too long>"), events, "4 bytes without the delimiter cannot fit in 4");
    }
}
