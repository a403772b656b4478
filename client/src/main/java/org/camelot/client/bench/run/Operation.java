package org.camelot.client.bench.run;

import java.util.concurrent.Future;

/**
 * One operation of a workload (a conversation, a request, a datagram round trip), from its intended start to its
 * success or failure. Runs on its client's event loop; the first outcome wins, so a late answer after a timeout
 * counts once.
 */
public final class Operation {

    private final Client client;
    private final long intendedNanos;
    private final boolean recorded;
    private Future<?> timeout;
    private Runnable onFirstReply;
    private boolean done;

    Operation(Client client, long intendedNanos, boolean recorded) {
        this.client = client;
        this.intendedNanos = intendedNanos;
        this.recorded = recorded;
    }

    void timeout(Future<?> timeout) {
        this.timeout = timeout;
    }

    /** Whether its timeout runs already (a retried operation keeps the one it started with). */
    boolean timing() {
        return timeout != null;
    }

    boolean done() {
        return done;
    }

    /** Runs {@code action} at the first reply of this operation, or when it ends without one. */
    void onFirstReply(Runnable action) {
        this.onFirstReply = action;
    }

    private void firstReply() {
        Runnable r = onFirstReply;
        onFirstReply = null;
        if (r != null) {
            r.run();
        }
    }

    /** A request of this operation was answered {@code roundTripNanos} after it was sent. */
    public void exchanged(long roundTripNanos) {
        firstReply();
        if (!done) {
            client.measurements().exchanged(recorded, roundTripNanos);
        }
    }

    /** Starts again, on another stream, with the same intended start and timeout. */
    void retry() {
        if (!done) {
            client.retry(this);
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
        firstReply();
        return true;
    }
}
