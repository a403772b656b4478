package org.camelot.client.bench.run;

import java.io.PrintWriter;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Every second: moves what was recorded into the run's totals, writes the interval to the HdrHistogram log, and
 * rewrites the progress line (elapsed, completions per second, errors, p99 so far, open connections).
 */
final class Intervals {

    private final Measurements m;
    private final Schedule schedule;
    private final HistogramLogWriter log;
    private final PrintWriter progress;
    private final Histogram total = new Histogram(Measurements.HIGHEST_MICROS, 3);
    private final Histogram roundTrips = new Histogram(Measurements.HIGHEST_MICROS, 3);
    private Histogram latencyInterval;
    private Histogram roundTripInterval;
    private long lastCompleted;
    private long lastTick;

    /**
     * @param log      where each interval goes, or {@code null}
     * @param progress where the progress line goes (a terminal), or {@code null}
     */
    Intervals(Measurements m, Schedule schedule, HistogramLogWriter log, PrintWriter progress) {
        this.m = m;
        this.schedule = schedule;
        this.log = log;
        this.progress = progress;
        this.lastTick = schedule.start();
    }

    synchronized void tick() {
        latencyInterval = m.latencyInterval(latencyInterval);
        roundTripInterval = m.roundTripInterval(roundTripInterval);
        total.add(latencyInterval);
        roundTrips.add(roundTripInterval);
        if (log != null && latencyInterval.getTotalCount() > 0) {
            // Values are microseconds; the ratio makes the log's max column read in milliseconds.
            log.outputIntervalHistogram((latencyInterval.getStartTimeStamp() - log.getBaseTime()) / 1000.0,
                    (latencyInterval.getEndTimeStamp() - log.getBaseTime()) / 1000.0, latencyInterval, 1000.0);
        }
        long now = System.nanoTime();
        long completed = m.ok() + m.warmupOk() + m.errorCount() + m.warmupErrors();
        double rate = (completed - lastCompleted) / Math.max(1e-9, (now - lastTick) / 1e9);
        lastCompleted = completed;
        lastTick = now;
        if (progress != null) {
            boolean warming = !schedule.recorded(now);
            progress.printf(Locale.ROOT, "\r\033[K%6.1fs %s %,10.0f/s  ok %,d  errors %,d  p99 %s  open %,d",
                    (now - schedule.start()) / 1e9, warming ? "warm-up" : "measure", rate, m.ok(), m.errorCount(),
                    total.getTotalCount() == 0 ? "-" : String.format(Locale.ROOT, "%.2fms",
                            total.getValueAtPercentile(99) / 1000.0), m.open());
            progress.flush();
        }
    }

    /** Clears the progress line before the final table. */
    synchronized void finish() {
        tick();
        if (progress != null) {
            progress.print("\r\033[K");
            progress.flush();
        }
    }

    Histogram total() {
        return total;
    }

    Histogram roundTrips() {
        return roundTrips;
    }
}
