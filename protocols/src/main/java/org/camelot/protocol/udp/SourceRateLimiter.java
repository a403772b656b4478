package org.camelot.protocol.udp;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A per-source-address rate limit shared by all of a listener's sockets (with {@code SO_REUSEPORT} one address's
 * datagrams can land on several sockets, one per source port).
 *
 * <p>Each source is a token bucket of {@code burst} datagrams refilled at {@code rate} per second, kept as the
 * generic cell rate algorithm's single "theoretical arrival time", updated without locks. A source whose time has
 * passed is in the same state as a new one, so it can be forgotten: when the table is full, those entries are swept
 * out (at most once a second); if none can go, datagrams from new sources are refused until some can, so the table
 * never grows past its limit.
 */
final class SourceRateLimiter {

    /** Why {@link #tryAcquire} refused, for the log. */
    enum Verdict { ACCEPTED, OVER_RATE, TABLE_FULL }

    private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

    private final long intervalNanos;
    private final long toleranceNanos;
    private final int maxSources;
    private final ConcurrentHashMap<InetAddress, AtomicLong> sources = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep = new AtomicLong(Long.MIN_VALUE);

    /**
     * @param rate       datagrams per second per source
     * @param burst      datagrams a source may send at once
     * @param maxSources sources tracked at most
     */
    SourceRateLimiter(int rate, int burst, int maxSources) {
        this.intervalNanos = Math.max(1, 1_000_000_000L / rate);
        this.toleranceNanos = (burst - 1) * intervalNanos;
        this.maxSources = maxSources;
    }

    /** Takes one datagram's worth from {@code source}'s bucket, if there is one. */
    Verdict tryAcquire(InetAddress source, long nowNanos) {
        AtomicLong tat = sources.get(source);
        if (tat == null) {
            if (sources.size() >= maxSources && !sweep(nowNanos)) {
                return Verdict.TABLE_FULL;
            }
            tat = sources.computeIfAbsent(source, s -> new AtomicLong(nowNanos));
        }
        while (true) {
            long current = tat.get();
            long start = current - nowNanos < 0 ? nowNanos : current;
            if (start - nowNanos > toleranceNanos) {
                return Verdict.OVER_RATE;
            }
            if (tat.compareAndSet(current, start + intervalNanos)) {
                return Verdict.ACCEPTED;
            }
        }
    }

    /** Sources tracked now. */
    int trackedSources() {
        return sources.size();
    }

    /** Forgets the sources whose buckets are full again; returns whether there is now room for a new one. */
    private boolean sweep(long nowNanos) {
        long next = nextSweep.get();
        if ((next == Long.MIN_VALUE || nowNanos - next >= 0)
                && nextSweep.compareAndSet(next, nowNanos + SWEEP_INTERVAL_NANOS)) {
            sources.values().removeIf(tat -> tat.get() - nowNanos <= 0);
        }
        return sources.size() < maxSources;
    }
}
