package org.camelot.server.config;

import org.camelot.protocol.Settings;

/**
 * A listener's {@code work:} block: handler work simulated for every request, in every concurrency model, so that
 * the cost of a slow handler can be seen (on an event loop it stalls every connection of that loop).
 *
 * @param cpuMicros   microseconds of busy computation per request (default 0)
 * @param sleepMillis milliseconds of blocking wait per request, as for a database call (default 0)
 */
public record WorkSettings(Integer cpuMicros, Integer sleepMillis) {

    /** No simulated work. */
    public static final WorkSettings NONE = new WorkSettings(0, 0);

    public WorkSettings {
        cpuMicros = Settings.range("cpu-micros", Settings.orDefault(cpuMicros, 0), 0, 10_000_000);
        sleepMillis = Settings.range("sleep-millis", Settings.orDefault(sleepMillis, 0), 0, 60_000);
    }

    /** Whether any work is simulated. */
    public boolean any() {
        return cpuMicros > 0 || sleepMillis > 0;
    }
}
