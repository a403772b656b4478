package org.camelot.server.guard;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listener's {@code max-connections} and {@code max-connections-per-client}. A connection takes a slot when it is
 * admitted and gives it back when it closes; one over a limit is refused and holds nothing.
 */
public final class ConnectionLimits {

    /** Why a connection was refused. */
    public enum Refusal { NONE, LISTENER_FULL, CLIENT_FULL }

    private final int maxConnections;
    private final int maxPerClient;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perClient = new ConcurrentHashMap<>();

    /** @param maxConnections 0 for no limit; @param maxPerClient 0 for no limit */
    public ConnectionLimits(int maxConnections, int maxPerClient) {
        this.maxConnections = maxConnections;
        this.maxPerClient = maxPerClient;
    }

    public boolean isUnlimited() {
        return maxConnections == 0 && maxPerClient == 0;
    }

    /** Admits {@code channel} for {@code client}, or says which limit refuses it; its slots free when it closes. */
    public Refusal admit(Channel channel, InetAddress client) {
        Refusal r = admit(client);
        if (r == Refusal.NONE) {
            channel.closeFuture().addListener(f -> release(client));
        }
        return r;
    }

    /**
     * Admits a connection of {@code client} that is not a channel (a blocking socket), or says which limit refuses
     * it; an admitted one gives its slots back with {@link #release} when it closes.
     */
    public Refusal admit(InetAddress client) {
        if (maxConnections > 0 && open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            return Refusal.LISTENER_FULL;
        }
        if (maxPerClient > 0) {
            AtomicInteger n = perClient.computeIfAbsent(client, k -> new AtomicInteger());
            if (n.incrementAndGet() > maxPerClient) {
                releaseClient(client);
                if (maxConnections > 0) {
                    open.decrementAndGet();
                }
                return Refusal.CLIENT_FULL;
            }
        }
        return Refusal.NONE;
    }

    /** Gives back the slots of an admitted connection of {@code client} that has closed. */
    public void release(InetAddress client) {
        if (maxConnections > 0) {
            open.decrementAndGet();
        }
        if (maxPerClient > 0) {
            releaseClient(client);
        }
    }

    private void releaseClient(InetAddress client) {
        perClient.computeIfPresent(client, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    /** Connections currently holding a slot (counted only when {@code max-connections} is set). */
    public int open() {
        return open.get();
    }
}
