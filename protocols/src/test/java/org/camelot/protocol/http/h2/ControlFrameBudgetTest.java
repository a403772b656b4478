package org.camelot.protocol.http.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The token bucket alone, on a clock the test moves. */
class ControlFrameBudgetTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private static int spendAll(ControlFrameBudget b, long now) {
        int n = 0;
        while (b.spend(now)) {
            n++;
        }
        return n;
    }

    @Test
    void aBurstGetsTheWholeBudgetAndNoMore() {
        ControlFrameBudget b = new ControlFrameBudget(100, 0);
        assertEquals(100, spendAll(b, 0));
        assertTrue(b.spent());
        assertFalse(b.spend(0));
    }

    @Test
    void theBudgetRefillsInTenSecondsAndNoFurther() {
        ControlFrameBudget b = new ControlFrameBudget(100, 0);
        spendAll(b, 0);
        assertEquals(10, spendAll(b, SECOND), "a tenth back each second");
        assertEquals(0, spendAll(b, SECOND + SECOND / 20), "nothing back in a twentieth of a second");
        assertEquals(1, spendAll(b, SECOND + SECOND / 10), "one back in a tenth of a second");
        assertEquals(100, spendAll(b, 60 * SECOND), "full after a pause, and not beyond");
    }

    @Test
    void answersGiveTokensBack() {
        ControlFrameBudget b = new ControlFrameBudget(10, 0);
        // one PING per answer frame, forever, at one instant: never runs out
        for (int i = 0; i < 10_000; i++) {
            assertTrue(b.spend(0), "ping " + i);
            b.earn();
        }
        // earning never goes past the budget
        for (int i = 0; i < 1000; i++) {
            b.earn();
        }
        int n = 0;
        while (b.spend(0)) {
            n++;
        }
        assertEquals(10, n, "a full budget, not more");
    }
}
