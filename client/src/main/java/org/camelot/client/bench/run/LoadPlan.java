package org.camelot.client.bench.run;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * How a load run drives its target.
 *
 * @param connections  concurrent clients (closed loop), or the most operations in flight (open loop)
 * @param rate         operations per second for an open loop, 0 for a closed loop (each client as fast as it can)
 * @param duration     how long to measure after the warm-up, or {@code null} when the count alone bounds the run
 * @param count        operations to measure, 0 when the duration alone bounds the run
 * @param warmup       unrecorded load before measuring
 * @param timeout      the longest an operation may take (connecting included); a slower one counts as a timeout
 * @param threads      event-loop threads of the generator
 * @param transport    auto, nio, epoll or io_uring
 * @param sources      local addresses to connect from, in turn (more source ports on loopback), or none
 * @param connectLimit connection attempts in flight at most, so that a burst does not overflow the accept backlog
 */
public record LoadPlan(int connections, double rate, Duration duration, long count, Duration warmup, Duration timeout,
                       int threads, String transport, List<InetAddress> sources, int connectLimit) {

    public LoadPlan {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1");
        }
        if (rate < 0) {
            throw new IllegalArgumentException("rate must not be negative");
        }
        if (duration == null && count <= 0) {
            throw new IllegalArgumentException("a duration or a count is needed to bound the run");
        }
        sources = List.copyOf(sources);
    }

    /** Whether operations are started at a fixed rate rather than as soon as a client is free. */
    public boolean openLoop() {
        return rate > 0;
    }
}
