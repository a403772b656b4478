package org.camelot.client.bench;

import java.util.concurrent.Future;

/**
 * One operation of a workload (a conversation, a request, a datagram round trip), from its intended start to its
 * success or failure. Runs on its client's event loop; the first outcome wins, so a late answer after a timeout
 * counts once.
 */
final class Operation {

    private final Client client;
    private final long intendedNanos;
    private final boolean recorded;
    private Future<?> timeout;
    private boolean done;

    Operation(Client client, long intendedNanos, boolean recorded) {
        this.client = client;
        this.intendedNanos = intendedNanos;
        this.recorded = recorded;
    }

    void timeout(Future<?> timeout) {
        this.timeout = timeout;
    }

    boolean done() {
        return done;
    }

    /** A request of this operation was answered {@code roundTripNanos} after it was sent. */
    void exchanged(long roundTripNanos) {
        if (!done) {
            client.measurements().exchanged(recorded, roundTripNanos);
        }
    }

    void succeed() {
        if (finish()) {
            client.measurements().succeeded(recorded, intendedNanos, System.nanoTime());
            client.finished(this, true);
        }
    }

    void fail(String kind) {
        if (finish()) {
            client.measurements().failed(recorded, kind, System.nanoTime());
            client.finished(this, false);
        }
    }

    private boolean finish() {
        if (done) {
            return false;
        }
        done = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        return true;
    }
}
