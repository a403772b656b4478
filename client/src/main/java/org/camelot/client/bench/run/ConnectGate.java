package org.camelot.client.bench.run;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets at most N new connections be in flight (connecting, or connected and not yet answered), so that ten thousand
 * clients starting at once do not overflow the server's accept backlog, whose overflow costs a second or more of
 * retransmission for each connection dropped. The others queue in arrival order.
 */
final class ConnectGate {

    private final int limit;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    ConnectGate(int limit) {
        this.limit = limit;
    }

    /** Runs {@code attempt} when a place is free; the attempt must call {@link #done} once it has an outcome. */
    void submit(Runnable attempt) {
        waiting.add(attempt);
        drain();
    }

    void done() {
        inFlight.decrementAndGet();
        drain();
    }

    private void drain() {
        while (!waiting.isEmpty()) {
            if (inFlight.incrementAndGet() > limit) {
                inFlight.decrementAndGet();
                return;
            }
            Runnable next = waiting.poll();
            if (next == null) {
                inFlight.decrementAndGet();
                return;
            }
            next.run();
        }
    }
}
