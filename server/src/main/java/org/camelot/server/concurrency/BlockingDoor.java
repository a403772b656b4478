package org.camelot.server.concurrency;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.camelot.server.config.ListenerConfig;
import org.camelot.server.guard.AccessRules;

/**
 * A blocking listener's door: the listener's {@code allow}/{@code deny} rules and its {@code max-connections} and
 * {@code max-connections-per-client} limits, applied as each connection is accepted, with the same rules as on
 * event loops: a refused connection is closed at once and holds nothing.
 */
final class BlockingDoor {

    private final AccessRules rules;
    private final int maxConnections;
    private final int maxPerClient;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perClient = new ConcurrentHashMap<>();

    BlockingDoor(ListenerConfig.Door door) {
        this.rules = AccessRules.of(door.allow(), door.deny(), () -> { });
        this.maxConnections = door.maxConnections();
        this.maxPerClient = door.maxConnectionsPerClient();
    }

    /**
     * Admits a client, taking its slots, or says why not.
     *
     * @return {@code null} when admitted (call {@link #release} when it closes), else the refusal reason
     */
    String admit(InetSocketAddress client) {
        if (!rules.isEmpty() && !rules.allows(client)) {
            return "access";
        }
        if (maxConnections > 0 && open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            return "max-connections";
        }
        if (maxPerClient > 0) {
            AtomicInteger n = perClient.computeIfAbsent(client.getAddress(), k -> new AtomicInteger());
            if (n.incrementAndGet() > maxPerClient) {
                releaseClient(client.getAddress());
                if (maxConnections > 0) {
                    open.decrementAndGet();
                }
                return "max-connections-per-client";
            }
        }
        return null;
    }

    /** Gives back the slots of an admitted client whose connection has closed. */
    void release(InetSocketAddress client) {
        if (maxConnections > 0) {
            open.decrementAndGet();
        }
        if (maxPerClient > 0) {
            releaseClient(client.getAddress());
        }
    }

    private void releaseClient(InetAddress client) {
        perClient.computeIfPresent(client, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }
}
