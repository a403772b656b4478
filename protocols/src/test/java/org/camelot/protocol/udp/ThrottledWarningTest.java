package org.camelot.protocol.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ThrottledWarningTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void logsTheFirstWarningThenOneLinePerIntervalWithWhatItSkipped() {
        String name = "camelot.test.throttled";
        try (LogCapture log = new LogCapture(name)) {
            ThrottledWarning warning = new ThrottledWarning(LoggerFactory.getLogger(name), 10 * SECOND);
            for (int i = 0; i < 100; i++) {
                warning.warn("dropped " + i, i * SECOND / 100);
            }
            warning.warn("dropped late", 10 * SECOND);
            warning.warn("dropped later", 11 * SECOND);
            warning.warn("dropped much later", 25 * SECOND);
            assertEquals(List.of("dropped 0", "dropped late (and 99 more like it since the previous warning)",
                    "dropped much later (and 1 more like it since the previous warning)"), log.messages());
        }
    }
}
