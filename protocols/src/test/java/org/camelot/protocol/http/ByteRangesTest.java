package org.camelot.protocol.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangesTest {

    private static long[] single(String header, long length) {
        ByteRanges r = ByteRanges.parse(header, length, 16);
        assertEquals(1, r.ranges().size(), header);
        return r.ranges().get(0);
    }

    @Test
    void resolvesTheThreeForms() {
        assertArrayEquals(new long[] {0, 9}, single("bytes=0-9", 100));
        assertArrayEquals(new long[] {90, 99}, single("bytes=90-", 100));
        assertArrayEquals(new long[] {90, 99}, single("bytes=-10", 100));
        assertArrayEquals(new long[] {0, 0}, single("bytes=0-0", 100));
        assertArrayEquals(new long[] {99, 99}, single("bytes=99-99", 100));
    }

    @Test
    void clampsToTheEnd() {
        assertArrayEquals(new long[] {50, 99}, single("bytes=50-1000", 100));
        assertArrayEquals(new long[] {0, 99}, single("bytes=-1000", 100));
        assertArrayEquals(new long[] {0, 99}, single("bytes=0-", 100));
    }

    @Test
    void acceptsSpacesCaseAndEmptyListElements() {
        assertArrayEquals(new long[] {1, 2}, single(" Bytes = 1-2 , ", 100));
        assertEquals(2, ByteRanges.parse("bytes=0-1,,5-6", 100, 16).ranges().size());
    }

    @Test
    void unsatisfiableWhenNothingIsInside() {
        assertTrue(ByteRanges.parse("bytes=100-", 100, 16).unsatisfiable());
        assertTrue(ByteRanges.parse("bytes=100-200", 100, 16).unsatisfiable());
        assertTrue(ByteRanges.parse("bytes=-0", 100, 16).unsatisfiable());
        assertTrue(ByteRanges.parse("bytes=0-0", 0, 16).unsatisfiable());
        assertTrue(ByteRanges.parse("bytes=-5", 0, 16).unsatisfiable());
        assertTrue(ByteRanges.parse("bytes=200-300,400-", 100, 16).unsatisfiable());
    }

    @Test
    void dropsTheUnsatisfiablePartsOfASet() {
        ByteRanges r = ByteRanges.parse("bytes=0-1,200-300", 100, 16);
        assertEquals(1, r.ranges().size());
    }

    @Test
    void keepsSeveralRangesInRequestOrder() {
        ByteRanges r = ByteRanges.parse("bytes=50-59,0-9", 100, 16);
        assertArrayEquals(new long[] {50, 59}, r.ranges().get(0));
        assertArrayEquals(new long[] {0, 9}, r.ranges().get(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=5-1", "bytes=a-b", "bytes=1-2-3", "bytes=", "items=0-1", "bytes 0-1", "bytes=--1",
            "bytes=1", "bytes=0-1,x", "bytes=0-9,5-14", "bytes=0-9,9-10", "bytes=0-0,1-1,2-2,3-3,4-4,5-5,6-6,7-7,8-8,9-9,10-10,11-11,12-12,13-13,14-14,15-15,16-16",
            "bytes=99999999999999999999-"})
    void sendsTheWholeBodyForMalformedOverlappingOrTooManyRanges(String header) {
        assertNull(ByteRanges.parse(header, 100, 16), header);
    }
}
