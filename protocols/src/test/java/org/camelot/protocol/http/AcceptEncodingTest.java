package org.camelot.protocol.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AcceptEncodingTest {

    @Test
    void acceptsListedCodingsWithPositiveQ() {
        assertTrue(AcceptEncoding.accepts("gzip", "gzip"));
        assertTrue(AcceptEncoding.accepts("deflate, gzip;q=0.5, br", "gzip"));
        assertTrue(AcceptEncoding.accepts("deflate, GZIP ; q=1.0", "gzip"));
        assertTrue(AcceptEncoding.accepts("x-gzip", "gzip"));
        assertTrue(AcceptEncoding.accepts("gzip, deflate, br, zstd", "br"));
    }

    @Test
    void refusesAbsentOrZeroQ() {
        assertFalse(AcceptEncoding.accepts(null, "gzip"));
        assertFalse(AcceptEncoding.accepts("", "gzip"));
        assertFalse(AcceptEncoding.accepts("identity", "gzip"));
        assertFalse(AcceptEncoding.accepts("gzip;q=0", "gzip"));
        assertFalse(AcceptEncoding.accepts("gzip;q=0.000", "gzip"));
        assertFalse(AcceptEncoding.accepts("gzipper", "gzip"));
        assertFalse(AcceptEncoding.accepts("gzip;q=abc", "gzip"));
    }

    @Test
    void wildcardCountsUnlessTheCodingIsRefused() {
        assertTrue(AcceptEncoding.accepts("*", "br"));
        assertFalse(AcceptEncoding.accepts("*, br;q=0", "br"));
        assertFalse(AcceptEncoding.accepts("*;q=0", "gzip"));
    }
}
