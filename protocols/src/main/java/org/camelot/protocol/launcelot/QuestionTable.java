package org.camelot.protocol.launcelot;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the value for a question given as raw bytes, without decoding them or copying them: an open-addressing hash
 * table over the questions' UTF-8 bytes. Immutable after construction, so one instance serves every event loop.
 *
 * @param <V> what a question maps to (a prepared reply)
 */
final class QuestionTable<V> {

    private final byte[][] keys;
    private final int[] hashes;
    private final Object[] values;
    private final int mask;

    /**
     * @param questions distinct questions
     * @param values    the value of each question, in the same order
     */
    QuestionTable(List<String> questions, List<V> values) {
        int capacity = Integer.highestOneBit(Math.max(4, questions.size() * 2 - 1)) << 1;
        this.keys = new byte[capacity][];
        this.hashes = new int[capacity];
        this.values = new Object[capacity];
        this.mask = capacity - 1;
        for (int i = 0; i < questions.size(); i++) {
            byte[] key = questions.get(i).getBytes(StandardCharsets.UTF_8);
            int hash = hash(key, 0, key.length);
            int slot = hash & mask;
            while (keys[slot] != null) {
                if (Arrays.equals(keys[slot], key)) {
                    throw new IllegalArgumentException("duplicate question: " + questions.get(i));
                }
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            hashes[slot] = hash;
            this.values[slot] = values.get(i);
        }
    }

    /** The value of the question in {@code bytes[offset, offset + length)}, or {@code null} if it is unknown. */
    @SuppressWarnings("unchecked")
    V find(byte[] bytes, int offset, int length) {
        int hash = hash(bytes, offset, length);
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            byte[] key = keys[slot];
            if (key == null) {
                return null;
            }
            if (hashes[slot] == hash && key.length == length
                    && Arrays.equals(key, 0, length, bytes, offset, offset + length)) {
                return (V) values[slot];
            }
        }
    }

    /** The hash of {@link Arrays#hashCode(byte[])}, over a range, spread over the low bits. */
    private static int hash(byte[] bytes, int offset, int length) {
        int h = 1;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = 31 * h + bytes[i];
        }
        return h ^ (h >>> 16);
    }
}
