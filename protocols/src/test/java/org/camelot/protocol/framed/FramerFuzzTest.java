package org.camelot.protocol.framed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The framer against a model of what it must do: whatever the delimiter, limit and split of the stream into
 * reads, the frames and too-long reports are those of the whole stream cut at each delimiter, and the bytes held
 * for an unfinished message never exceed the limit.
 */
class FramerFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void splitsLikeTheWholeStream(FuzzedDataProvider data) {
        byte delimiter = data.consumeBoolean() ? (byte) '\n' : data.consumeByte();
        int maxLength = data.consumeInt(1, 512);
        boolean includeDelimiter = data.consumeBoolean();
        Framer framer = new Framer(new Framing(delimiter, maxLength, includeDelimiter));
        List<String> events = new ArrayList<>();
        Framer.Sink sink = new Framer.Sink() {
            @Override
            public boolean frame(byte[] frame) {
                events.add(Arrays.toString(frame));
                return true;
            }

            @Override
            public boolean tooLong() {
                events.add("too long");
                return true;
            }
        };
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        while (data.remainingBytes() > 0) {
            int before = data.consumeInt(0, 3);
            byte[] chunk = data.consumeBytes(data.consumeInt(0, 700));
            // The read sits inside a larger array, as a slice of a reused buffer does.
            byte[] array = new byte[before + chunk.length + 2];
            Arrays.fill(array, delimiter);
            System.arraycopy(chunk, 0, array, before, chunk.length);
            assertTrue(framer.feed(array, before, chunk.length, sink));
            stream.writeBytes(chunk);
            assertTrue(framer.bufferCapacity() <= maxLength,
                    "holds " + framer.bufferCapacity() + " bytes with a limit of " + maxLength);
        }
        Model expected = model(stream.toByteArray(), delimiter, maxLength, includeDelimiter);
        assertEquals(expected.events(), events);
        assertEquals(expected.partial(), framer.hasPartialFrame());
    }

    private record Model(List<String> events, boolean partial) {
    }

    private static Model model(byte[] stream, byte delimiter, int maxLength, boolean includeDelimiter) {
        List<String> events = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < stream.length; i++) {
            if (stream[i] == delimiter) {
                int length = i + 1 - start;
                events.add(length > maxLength ? "too long"
                        : Arrays.toString(Arrays.copyOfRange(stream, start, includeDelimiter ? i + 1 : i)));
                start = i + 1;
            }
        }
        int tail = stream.length - start;
        if (tail >= maxLength) {
            // A tail that already reached the limit cannot end within it: reported before its delimiter comes.
            events.add("too long");
        }
        return new Model(events, tail > 0);
    }
}
