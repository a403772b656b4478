package org.camelot.server.concurrency;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The open connections of a blocking listener, for draining, forced closing and the stalled-write check. */
final class OpenConnections {

    private static final Logger log = LoggerFactory.getLogger(OpenConnections.class);

    private final Set<BlockingConnection> open = ConcurrentHashMap.newKeySet();
    private final String listener;

    OpenConnections(String listener) {
        this.listener = listener;
    }

    void add(BlockingConnection c) {
        open.add(c);
    }

    void remove(BlockingConnection c) {
        open.remove(c);
    }

    int size() {
        return open.size();
    }

    void drainAll() {
        open.forEach(BlockingConnection::drain);
    }

    void closeAll() {
        open.forEach(BlockingConnection::close);
    }

    /**
     * Closes connections whose peer has read nothing for {@code limitNanos} while a reply waits to be written: a
     * blocking write has no timeout of its own, and such a peer would otherwise hold a thread for ever.
     */
    void closeStalledWriters(long limitNanos) {
        long now = System.nanoTime();
        for (BlockingConnection c : open) {
            if (c.writeStalled(now, limitNanos)) {
                log.debug("listener {}: {}: reads nothing of its replies, closing", listener, c.remote());
                c.close();
            }
        }
    }
}
