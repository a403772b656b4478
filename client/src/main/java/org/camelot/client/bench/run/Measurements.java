package org.camelot.client.bench.run;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What a load run has seen so far, recorded from every event loop at once: latencies in microseconds (HdrHistogram,
 * 3 significant digits, up to an hour), completions and errors by kind, and connections open.
 */
final class Measurements {

    static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private final Recorder latency = new Recorder(HIGHEST_MICROS, 3);
    private final Recorder roundTrips = new Recorder(HIGHEST_MICROS, 3);
    private final LongAdder ok = new LongAdder();
    private final LongAdder warmupOk = new LongAdder();
    private final LongAdder warmupErrors = new LongAdder();
    private final LongAdder exchanges = new LongAdder();
    private final LongAdder connectionsOpened = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final AtomicLong lastCompletion = new AtomicLong(Long.MIN_VALUE);
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger peakOpen = new AtomicInteger();

    void succeeded(boolean recorded, long intendedNanos, long nowNanos) {
        if (!recorded) {
            warmupOk.increment();
            return;
        }
        ok.increment();
        latency.recordValue(micros(nowNanos - intendedNanos));
        lastCompletion.accumulateAndGet(nowNanos, Math::max);
    }

    void failed(boolean recorded, String kind, long nowNanos) {
        if (!recorded) {
            warmupErrors.increment();
            return;
        }
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
        lastCompletion.accumulateAndGet(nowNanos, Math::max);
    }

    /** One request/reply inside an operation (a question and its answer). */
    void exchanged(boolean recorded, long roundTripNanos) {
        if (recorded) {
            exchanges.increment();
            roundTrips.recordValue(micros(roundTripNanos));
        }
    }

    void connectionOpened() {
        connectionsOpened.increment();
        peakOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
    }

    void connectionClosed() {
        open.decrementAndGet();
    }

    private static long micros(long nanos) {
        return Math.max(0, Math.min(HIGHEST_MICROS, (nanos + 500) / 1000));
    }

    /** The latencies recorded since the previous call (for the progress line and the histogram log). */
    Histogram latencyInterval(Histogram recycle) {
        return latency.getIntervalHistogram(recycle);
    }

    Histogram roundTripInterval(Histogram recycle) {
        return roundTrips.getIntervalHistogram(recycle);
    }

    long ok() {
        return ok.sum();
    }

    long warmupOk() {
        return warmupOk.sum();
    }

    long warmupErrors() {
        return warmupErrors.sum();
    }

    long exchanges() {
        return exchanges.sum();
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Map<String, Long> errorsByKind() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    long lastCompletion() {
        return lastCompletion.get();
    }

    int open() {
        return open.get();
    }

    int peakOpen() {
        return peakOpen.get();
    }

    long connectionsOpened() {
        return connectionsOpened.sum();
    }
}
