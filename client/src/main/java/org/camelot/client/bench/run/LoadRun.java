package org.camelot.client.bench.run;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.HistogramLogWriter;

/**
 * One load run: N clients on a few Netty event loops, driven by a {@link Schedule}, measured into
 * {@link Measurements}; returns a {@link BenchResult} once every client has finished or the run's time is up.
 */
public final class LoadRun {

    private final Workload workload;
    private final LoadPlan plan;
    private final Measurements measurements = new Measurements();
    private final ConnectGate gate;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicInteger running;
    private volatile Schedule schedule;
    private volatile boolean stopRequested;

    /** A run of {@code workload} under {@code plan}; {@link #run} carries it out. */
    public LoadRun(Workload workload, LoadPlan plan) {
        this.workload = workload;
        this.plan = plan;
        this.gate = new ConnectGate(plan.connectLimit());
        this.running = new AtomicInteger(plan.connections() * Math.max(1, workload.streams()));
    }

    /**
     * Runs the workload to the end of its plan, or until {@link #stop}.
     *
     * @param log      where each second's latencies go, or {@code null}
     * @param progress where a live progress line goes (a terminal), or {@code null}
     */
    public BenchResult run(HistogramLogWriter log, PrintWriter progress) throws InterruptedException {
        ClientTransport transport = ClientTransport.resolve(plan.transport());
        MultiThreadIoEventLoopGroup group = transport.newGroup(plan.threads());
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("bench-progress").factory());
        try {
            Bootstrap prototype = bootstrap(transport);
            long startMillis = System.currentTimeMillis();
            schedule = new Schedule(plan, System.nanoTime());
            if (stopRequested) {
                schedule.stop();
            }
            if (log != null) {
                log.setBaseTime(startMillis);
                log.outputBaseTime(startMillis);
                log.outputStartTime(startMillis);
                log.outputLegend();
            }
            // Intervals start now, not when the recorders were made.
            measurements.latencyInterval(null);
            measurements.roundTripInterval(null);
            Intervals intervals = new Intervals(measurements, schedule, log, progress);
            ticker.scheduleAtFixedRate(intervals::tick, 1, 1, TimeUnit.SECONDS);
            List<Client> clients = new ArrayList<>();
            int streams = workload.streams();
            for (int i = 0; i < plan.connections(); i++) {
                EventLoop loop = (EventLoop) group.next();
                InetAddress source = plan.sources().isEmpty() ? null : plan.sources().get(i % plan.sources().size());
                if (streams == 0) {
                    clients.add(new Client(this, loop, prototype, source));
                    continue;
                }
                SharedConnection shared = new SharedConnection(this, loop, prototype.clone(loop), source, streams);
                for (int s = 0; s < streams; s++) {
                    clients.add(new Client(this, loop, shared));
                }
            }
            clients.forEach(Client::begin);
            awaitEnd();
            ticker.shutdownNow();
            intervals.finish();
            return result(intervals);
        } finally {
            ticker.shutdownNow();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Waits for every client to finish; past the run's end plus a timeout, stops it and waits a timeout more. */
    private void awaitEnd() throws InterruptedException {
        long timeout = plan.timeout().toMillis();
        if (plan.duration() == null) {
            finished.await();
            return;
        }
        long endMillis = plan.warmup().toMillis() + plan.duration().toMillis();
        if (!finished.await(endMillis + timeout + 1000, TimeUnit.MILLISECONDS)) {
            schedule.stop();
            finished.await(timeout + 1000, TimeUnit.MILLISECONDS);
        }
    }

    private Bootstrap bootstrap(ClientTransport transport) {
        ChannelHandler counter = new ConnectionCounter(measurements);
        Bootstrap b = new Bootstrap()
                .channel(workload.datagram() ? transport.datagram() : transport.socket())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("count", counter);
                        workload.initChannel(ch);
                    }
                });
        if (!workload.datagram()) {
            b.option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                            plan.timeout().toMillis()));
            if (transport.name().equals("epoll") && !plan.sources().isEmpty()) {
                // The port is chosen at connect time, per destination, rather than reserved at bind time.
                b.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
            }
        }
        return b;
    }

    private BenchResult result(Intervals intervals) {
        Measurements m = measurements;
        long end = m.lastCompletion() == Long.MIN_VALUE ? System.nanoTime() : m.lastCompletion();
        double seconds = Math.max(1e-9, (end - schedule.measureStart()) / 1e9);
        return new BenchResult(workload.name(), workload.target(), workload.operation(), workload.protocol(),
                plan.openLoop() ? "open" : "closed", plan.connections(), Math.max(1, workload.streams()), plan.rate(),
                seconds, m.ok(), m.errorsByKind(), m.warmupOk(), m.warmupErrors(), m.ok() / seconds,
                BenchResult.Latency.of(intervals.total()), workload.exchange(), m.exchanges(),
                m.exchanges() / seconds,
                workload.exchange() == null ? null : BenchResult.Latency.of(intervals.roundTrips()),
                m.peakOpen(), m.connectionsOpened(), intervals.total());
    }

    /** Ends the run early (Ctrl-C): no operation starts after this; those in flight finish. */
    public void stop() {
        stopRequested = true;
        Schedule s = schedule;
        if (s != null) {
            s.stop();
        }
    }

    Measurements measurements() {
        return measurements;
    }

    Schedule schedule() {
        return schedule;
    }

    Workload workload() {
        return workload;
    }

    ConnectGate gate() {
        return gate;
    }

    long timeoutNanos() {
        return plan.timeout().toNanos();
    }

    void clientDone() {
        if (running.decrementAndGet() == 0) {
            finished.countDown();
        }
    }

    /** Counts connections (and datagram sockets) open, and the most at once. */
    @ChannelHandler.Sharable
    private static final class ConnectionCounter extends ChannelInboundHandlerAdapter {
        private final Measurements m;

        ConnectionCounter(Measurements m) {
            this.m = m;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            m.connectionOpened();
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            m.connectionClosed();
            super.channelInactive(ctx);
        }
    }
}
