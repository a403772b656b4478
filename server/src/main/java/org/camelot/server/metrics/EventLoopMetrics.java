package org.camelot.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;

/** Pending tasks of each event loop: a loop that falls behind (a blocked handler) shows here first. */
public final class EventLoopMetrics {

    private EventLoopMetrics() {
    }

    public static void bind(EventLoopGroup group, MeterRegistry meters) {
        int i = 0;
        for (EventExecutor e : group) {
            if (e instanceof SingleThreadEventExecutor loop) {
                Gauge.builder("camelot.eventloop.pending.tasks", loop, SingleThreadEventExecutor::pendingTasks)
                        .tag("loop", String.valueOf(i))
                        .description("Tasks waiting to run on the event loop")
                        .register(meters);
            }
            i++;
        }
    }
}
