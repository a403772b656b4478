package org.camelot.client.bench.run;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out the intended start time of each operation. In a closed loop an operation is intended to start when a
 * client is free to send it (now). In an open loop the i-th operation is intended at {@code start + i / rate},
 * whether or not a client is free then: an operation that waits for a client, or for a stalled server, has that wait
 * in its latency, as wrk2 measures, so a stall is not hidden by the operations it kept from being sent (coordinated
 * omission).
 */
final class Schedule {

    /** Returned by {@link #claim} when the run is over. */
    static final long DONE = Long.MIN_VALUE;

    private final long start;
    private final long measureStart;
    private final long end;
    private final long count;
    private final double periodNanos;
    private final AtomicLong index = new AtomicLong();
    private final AtomicLong measured = new AtomicLong();
    private volatile boolean stopped;

    Schedule(LoadPlan plan, long startNanos) {
        this.start = startNanos;
        this.measureStart = startNanos + plan.warmup().toNanos();
        this.end = plan.duration() == null ? Long.MAX_VALUE : measureStart + plan.duration().toNanos();
        this.count = plan.count();
        this.periodNanos = plan.openLoop() ? 1e9 / plan.rate() : 0;
    }

    /** The intended start of the next operation, or {@link #DONE}. */
    long claim() {
        if (stopped) {
            return DONE;
        }
        long intended = periodNanos > 0 ? start + (long) (index.getAndIncrement() * periodNanos) : System.nanoTime();
        if (intended - end >= 0) {
            return DONE;
        }
        if (count > 0 && recorded(intended) && measured.incrementAndGet() > count) {
            return DONE;
        }
        return intended;
    }

    /** Whether an operation intended at {@code intendedNanos} is measured (after the warm-up). */
    boolean recorded(long intendedNanos) {
        return intendedNanos - measureStart >= 0;
    }

    long measureStart() {
        return measureStart;
    }

    long start() {
        return start;
    }

    /** Ends the run early: no operation starts after this. */
    void stop() {
        stopped = true;
    }
}
