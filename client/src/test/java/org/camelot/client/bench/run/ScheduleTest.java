package org.camelot.client.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The intended start times an open loop hands out, and the bounds of a run. */
class ScheduleTest {

    private static LoadPlan plan(double rate, Duration duration, long count, Duration warmup) {
        return new LoadPlan(4, rate, duration, count, warmup, Duration.ofSeconds(1), 1, "nio", List.of(), 10);
    }

    @Test
    void openLoopIntendsOperationsAtAFixedRateWhateverTheAnswers() {
        Schedule s = new Schedule(plan(1000, Duration.ofSeconds(1), 0, Duration.ZERO), 0);
        for (int i = 0; i < 1000; i++) {
            assertEquals(i * 1_000_000L, s.claim());
        }
        assertEquals(Schedule.DONE, s.claim());
    }

    @Test
    void countsOnlyMeasuredOperationsTowardsTheCount() {
        Schedule s = new Schedule(plan(100, null, 5, Duration.ofMillis(100)), 0);
        for (int i = 0; i < 10; i++) {
            assertFalse(s.recorded(s.claim()));
        }
        for (int i = 0; i < 5; i++) {
            assertTrue(s.recorded(s.claim()));
        }
        assertEquals(Schedule.DONE, s.claim());
    }

    @Test
    void stopsHandingOutOperationsWhenStopped() {
        Schedule s = new Schedule(plan(0, Duration.ofHours(1), 0, Duration.ZERO), System.nanoTime());
        assertTrue(s.claim() != Schedule.DONE);
        s.stop();
        assertEquals(Schedule.DONE, s.claim());
    }
}
