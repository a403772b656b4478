package org.camelot.client.bench.run;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One simulated client: it takes operations from the schedule one after another and carries each out on its
 * connection, reconnecting when the workload does not keep connections or when one failed; or, for a workload with
 * streams, on a stream of a connection it shares with other clients. Everything a client does runs on its own event
 * loop, so it needs no locks.
 */
final class Client {

    private final LoadRun run;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final InetAddress source;
    private final SharedConnection shared;
    /** The connection, or with a shared connection the current operation's stream. */
    private Channel channel;

    Client(LoadRun run, EventLoop loop, Bootstrap prototype, InetAddress source) {
        this.run = run;
        this.loop = loop;
        this.bootstrap = prototype.clone(loop);
        this.source = source;
        this.shared = null;
    }

    /** A client whose operations are streams on {@code shared}, which runs on {@code loop}. */
    Client(LoadRun run, EventLoop loop, SharedConnection shared) {
        this.run = run;
        this.loop = loop;
        this.bootstrap = null;
        this.source = null;
        this.shared = shared;
    }

    Measurements measurements() {
        return run.measurements();
    }

    /** Starts the client on its event loop. */
    void begin() {
        loop.execute(this::next);
    }

    /** Takes the next operation and starts it at its intended time; ends the client when the run is over. */
    void next() {
        long intended = run.schedule().claim();
        if (intended == Schedule.DONE) {
            if (channel != null) {
                channel.close();
                channel = null;
            }
            if (shared != null) {
                shared.release();
            }
            run.clientDone();
            return;
        }
        long delay = intended - System.nanoTime();
        if (delay > 0) {
            loop.schedule(() -> start(intended), delay, TimeUnit.NANOSECONDS);
        } else {
            start(intended);
        }
    }

    private void start(long intended) {
        Operation op = new Operation(this, intended, run.schedule().recorded(intended));
        if (shared != null) {
            shared.start(op, this);
        } else if (channel != null && channel.isActive()) {
            startTimeout(op);
            handler(channel).begin(op);
        } else {
            connect(op);
        }
    }

    /**
     * The timeout runs from the moment the operation goes out (or its connection attempt does), not while it waits
     * for a place to connect: that wait is the generator's own pacing, and is in the latency anyway.
     */
    void startTimeout(Operation op) {
        if (op.timing()) {
            return;
        }
        op.timeout(loop.schedule(() -> op.fail(ErrorKinds.TIMEOUT), run.timeoutNanos(), TimeUnit.NANOSECONDS));
    }

    private void connect(Operation op) {
        InetSocketAddress remote = run.workload().remote();
        run.gate().submit(() -> loop.execute(() -> {
            if (op.done()) {
                run.gate().done();
                return;
            }
            startTimeout(op);
            ChannelFuture f = source == null ? bootstrap.connect(remote)
                    : bootstrap.connect(remote, new InetSocketAddress(source, 0));
            f.addListener(done -> {
                if (!done.isSuccess()) {
                    run.gate().done();
                    op.fail(ErrorKinds.of(done.cause()));
                } else if (op.done()) {
                    run.gate().done();
                    f.channel().close();
                } else {
                    // A connection is established at the SYN-ACK, before the server accepts it: the place is
                    // given back once the server has answered on it, so that the accept backlog never overflows.
                    op.onFirstReply(run.gate()::done);
                    channel = f.channel();
                    handler(channel).begin(op);
                }
            });
        }));
    }

    private static ExchangeHandler handler(Channel ch) {
        return ch.pipeline().get(ExchangeHandler.class);
    }

    /** A stream of the shared connection is open for {@code op}: the operation starts on it. */
    void streamOpened(Channel stream, Operation op) {
        channel = stream;
        handler(stream).begin(op);
    }

    /** The operation's stream was not processed (above a GOAWAY's last stream id): it goes on another stream. */
    void retry(Operation op) {
        channel = null;
        loop.execute(() -> {
            if (!op.done()) {
                shared.start(op, this);
            }
        });
    }

    /** Called by the operation once it succeeded or failed. */
    void finished(Operation op, boolean ok) {
        if (shared != null) {
            // An ended stream closes quietly; one still open (a timeout) is reset. The next operation starts in a
            // task, once the codec has closed this stream, so that streams in flight never exceed the clients.
            if (channel != null) {
                channel.close();
                channel = null;
            }
            loop.execute(this::next);
            return;
        }
        boolean drop = ok ? !run.workload().keepsConnection() : !run.workload().datagram();
        if (drop && channel != null) {
            // After a failure the connection's state is unknown; a workload that does not keep connections
            // closes each one after its operation.
            channel.close();
            channel = null;
        }
        if (ok) {
            next();
        } else {
            // Failures can come back at once (refused connections); a task keeps them from nesting.
            loop.execute(this::next);
        }
    }
}
