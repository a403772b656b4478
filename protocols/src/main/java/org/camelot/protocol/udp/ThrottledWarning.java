package org.camelot.protocol.udp;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning logged at most once per interval, with how many occurrences were not logged since the previous line: a
 * flood of bad datagrams must be visible in the log without the log becoming the flood. The counters in
 * {@link UdpCounters} hold the exact totals.
 */
final class ThrottledWarning {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextLog = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    ThrottledWarning(Logger log, long intervalNanos) {
        this.log = log;
        this.intervalNanos = intervalNanos;
    }

    /** Logs {@code message} now, or counts it for the next line if one was logged less than an interval ago. */
    void warn(String message, long nowNanos) {
        long next = nextLog.get();
        boolean due = next == Long.MIN_VALUE || nowNanos - next >= 0;
        if (!due || !nextLog.compareAndSet(next, nowNanos + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long more = suppressed.getAndSet(0);
        if (more > 0) {
            log.warn("{} (and {} more like it since the previous warning)", message, more);
        } else {
            log.warn(message);
        }
    }
}
