package org.camelot.protocol.udp;

import static org.camelot.protocol.udp.SourceRateLimiter.Verdict.ACCEPTED;
import static org.camelot.protocol.udp.SourceRateLimiter.Verdict.OVER_RATE;
import static org.camelot.protocol.udp.SourceRateLimiter.Verdict.TABLE_FULL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class SourceRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    private static InetAddress address(int last) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {10, (byte) (last >> 16), (byte) (last >> 8), (byte) last});
    }

    @Test
    void acceptsABurstThenRefusesUntilTheRateRefills() throws Exception {
        SourceRateLimiter limiter = new SourceRateLimiter(10, 3, 100);
        InetAddress a = address(1);
        long t = 5 * SECOND;
        assertEquals(ACCEPTED, limiter.tryAcquire(a, t));
        assertEquals(ACCEPTED, limiter.tryAcquire(a, t));
        assertEquals(ACCEPTED, limiter.tryAcquire(a, t));
        assertEquals(OVER_RATE, limiter.tryAcquire(a, t));
        assertEquals(OVER_RATE, limiter.tryAcquire(a, t + SECOND / 20));
        assertEquals(ACCEPTED, limiter.tryAcquire(a, t + SECOND / 10));
        assertEquals(OVER_RATE, limiter.tryAcquire(a, t + SECOND / 10));
    }

    @Test
    void sustainsExactlyTheConfiguredRate() throws Exception {
        SourceRateLimiter limiter = new SourceRateLimiter(100, 1, 100);
        InetAddress a = address(1);
        int accepted = 0;
        // 1000 datagrams a second, for 10 seconds
        for (long t = 0; t < 10 * SECOND; t += SECOND / 1000) {
            if (limiter.tryAcquire(a, t) == ACCEPTED) {
                accepted++;
            }
        }
        assertEquals(1000, accepted);
    }

    @Test
    void limitsEachSourceOnItsOwn() throws Exception {
        SourceRateLimiter limiter = new SourceRateLimiter(1, 1, 100);
        assertEquals(ACCEPTED, limiter.tryAcquire(address(1), 0));
        assertEquals(OVER_RATE, limiter.tryAcquire(address(1), 0));
        assertEquals(ACCEPTED, limiter.tryAcquire(address(2), 0));
        assertEquals(ACCEPTED, limiter.tryAcquire(InetAddress.getByName("::1"), 0));
    }

    @Test
    void refusesNewSourcesWhileTheTableIsFullOfActiveOnesAndForgetsQuietOnes() throws Exception {
        SourceRateLimiter limiter = new SourceRateLimiter(1, 5, 3);
        for (int i = 0; i < 3; i++) {
            assertEquals(ACCEPTED, limiter.tryAcquire(address(i), 0));
        }
        assertEquals(TABLE_FULL, limiter.tryAcquire(address(9), SECOND / 2));
        assertEquals(3, limiter.trackedSources());
        // known sources keep their buckets
        assertEquals(ACCEPTED, limiter.tryAcquire(address(0), SECOND / 2));
        // two seconds on, sources 1 and 2 have refilled and can be forgotten; source 0 is still active
        assertEquals(ACCEPTED, limiter.tryAcquire(address(9), 2 * SECOND - 1));
        assertEquals(2, limiter.trackedSources());
    }

    @Test
    void neverTracksMoreSourcesThanItsLimit() throws Exception {
        SourceRateLimiter limiter = new SourceRateLimiter(1000, 1000, 50);
        int accepted = 0;
        // a new source every 10 microseconds for 3 seconds
        for (int i = 0; i < 300_000; i++) {
            if (limiter.tryAcquire(address(i), i * 10_000L) == ACCEPTED) {
                accepted++;
            }
            assertTrue(limiter.trackedSources() <= 50);
        }
        // the table filled at once, then was swept clean once a second
        assertEquals(150, accepted);
    }
}
