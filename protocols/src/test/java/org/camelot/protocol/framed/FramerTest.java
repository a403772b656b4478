package org.camelot.protocol.framed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramerTest {

    /** Records frames as strings; "!" stands for a too-long report. */
    private static final class Recorder implements Framer.Sink {
        final List<String> seen = new ArrayList<>();
        boolean keepGoing = true;

        @Override
        public boolean frame(byte[] frame) {
            seen.add("copy:" + new String(frame, StandardCharsets.UTF_8));
            return keepGoing;
        }

        @Override
        public boolean tooLong() {
            seen.add("!");
            return keepGoing;
        }
    }

    private static boolean feed(Framer f, String text, Framer.Sink sink) {
        byte[] b = ("__" + text).getBytes(StandardCharsets.UTF_8);
        return f.feed(b, 2, b.length - 2, sink);
    }

    @Test
    void handsWholeFramesToASinkThatOnlyTakesArrays() {
        Framer f = new Framer(new Framing((byte) '\n', 16, true));
        Recorder r = new Recorder();
        feed(f, "ab\ncd", r);
        feed(f, "e\n", r);
        assertEquals(List.of("copy:ab\n", "copy:cde\n"), r.seen);
        assertFalse(f.hasPartialFrame());
    }

    @Test
    void handsRangesInPlaceToASinkThatTakesThem() {
        Framer f = new Framer(new Framing((byte) '?', 16, false));
        List<String> seen = new ArrayList<>();
        Framer.Sink sink = new Framer.Sink() {
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
        feed(f, "one?tw", sink);
        assertTrue(f.hasPartialFrame());
        feed(f, "o?three?", sink);
        assertEquals(List.of("one", "two", "three"), seen);
    }

    @Test
    void reportsAnOverLongFrameOnceAndSkipsToItsDelimiter() {
        Framer f = new Framer(new Framing((byte) '\n', 4, true));
        Recorder r = new Recorder();
        feed(f, "abc", r);
        feed(f, "defgh", r);
        feed(f, "ij\nok\n", r);
        assertEquals(List.of("!", "copy:ok\n"), r.seen);
    }

    @Test
    void acceptsAFrameOfExactlyTheLimitButNotTheLimitWithoutItsDelimiter() {
        Framer f = new Framer(new Framing((byte) '\n', 4, true));
        Recorder r = new Recorder();
        feed(f, "abc\n", r);
        feed(f, "ab", r);
        assertEquals(List.of("copy:abc\n"), r.seen);
        feed(f, "cd", r);
        assertEquals(List.of("copy:abc\n", "!"), r.seen, "4 bytes without the delimiter cannot fit in 4");
    }

    @Test
    void reportsAnOverLongFrameThatArrivesWhole() {
        Framer f = new Framer(new Framing((byte) '\n', 4, true));
        Recorder r = new Recorder();
        feed(f, "abcdef\nab\n", r);
        assertEquals(List.of("!", "copy:ab\n"), r.seen);
    }

    @Test
    void stopsWhenTheSinkSaysSo() {
        Framer f = new Framer(new Framing((byte) '\n', 16, true));
        Recorder r = new Recorder();
        r.keepGoing = false;
        assertFalse(feed(f, "a\nb\n", r));
        assertEquals(List.of("copy:a\n"), r.seen);
    }
}
