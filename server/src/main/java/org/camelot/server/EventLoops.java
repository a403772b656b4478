package org.camelot.server;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camelot.server.transport.Transport;

/**
 * The event loops a listener runs on: the daemon's, or its own ({@code concurrency: {threads: N}}), which it shuts
 * down when it closes.
 *
 * @param transport the transport of the group
 * @param group     the loops
 * @param owned     whether the listener owns the group
 */
record EventLoops(Transport transport, EventLoopGroup group, boolean owned) {

    /** Each loop of the group, in order. */
    List<EventLoop> loops() {
        List<EventLoop> out = new ArrayList<>();
        for (EventExecutor e : group) {
            out.add((EventLoop) e);
        }
        return out;
    }

    /** Shuts the group down when the listener owns it; waits a little for its threads to end. */
    void release() {
        if (owned) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }
}
