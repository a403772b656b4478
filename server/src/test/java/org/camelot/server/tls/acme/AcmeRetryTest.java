package org.camelot.server.tls.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Failed orders are retried later and later, never in a loop. */
class AcmeRetryTest {

    @Test
    void retryDelayDoublesFromThirtySecondsUpToSixHours() {
        assertEquals(Duration.ofSeconds(30), AcmeMaintainer.retryDelay(1));
        assertEquals(Duration.ofMinutes(1), AcmeMaintainer.retryDelay(2));
        assertEquals(Duration.ofMinutes(2), AcmeMaintainer.retryDelay(3));
        assertEquals(Duration.ofHours(6), AcmeMaintainer.retryDelay(12));
        assertEquals(Duration.ofHours(6), AcmeMaintainer.retryDelay(1_000));
    }
}
