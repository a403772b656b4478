package org.camelot.client.bench.run;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A connection that several clients of one event loop share, each operation on a stream of its own (HTTP/2): so
 * {@code -c 4 --streams 8} is four connections with up to eight requests in flight on each. It connects when an
 * operation first needs it, again after it closed or stopped taking streams (a GOAWAY), and closes once the last of
 * its clients is done.
 */
final class SharedConnection {

    private final LoadRun run;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final InetAddress source;
    private int clients;
    /** The connection, or the attempt at it; {@code null} before the first. */
    private Promise<Channel> connection;

    SharedConnection(LoadRun run, EventLoop loop, Bootstrap bootstrap, InetAddress source, int clients) {
        this.run = run;
        this.loop = loop;
        this.bootstrap = bootstrap;
        this.source = source;
        this.clients = clients;
    }

    /** Carries out {@code op} on a new stream, connecting first when needed; runs on the event loop. */
    void start(Operation op, Client client) {
        Promise<Channel> c = connection;
        if (c == null || c.isDone() && (!c.isSuccess() || !run.workload().takesStreams(c.getNow()))) {
            if (c != null && c.isSuccess()) {
                // Going away: HTTP/2's close lets the streams in flight finish first.
                c.getNow().close();
            }
            connect(op, client);
        } else {
            client.startTimeout(op);
            c.addListener((Future<Channel> f) -> stream(f, op, client));
        }
    }

    private void connect(Operation op, Client client) {
        Promise<Channel> attempt = loop.newPromise();
        connection = attempt;
        InetSocketAddress remote = run.workload().remote();
        run.gate().submit(() -> loop.execute(() -> {
            client.startTimeout(op);
            ChannelFuture f = source == null ? bootstrap.connect(remote)
                    : bootstrap.connect(remote, new InetSocketAddress(source, 0));
            f.addListener(done -> {
                if (!done.isSuccess()) {
                    run.gate().done();
                    attempt.tryFailure(done.cause());
                    return;
                }
                // As for a connection of its own: the place is given back once the server has answered on it.
                if (op.done()) {
                    run.gate().done();
                } else {
                    op.onFirstReply(run.gate()::done);
                }
                attempt.trySuccess(f.channel());
            });
        }));
        attempt.addListener((Future<Channel> f) -> stream(f, op, client));
    }

    private void stream(Future<Channel> connected, Operation op, Client client) {
        if (op.done()) {
            return;
        }
        if (!connected.isSuccess()) {
            op.fail(ErrorKinds.of(connected.cause()));
            return;
        }
        run.workload().openStream(connected.getNow()).addListener((Future<Channel> s) -> {
            if (!s.isSuccess()) {
                op.fail(ErrorKinds.of(s.cause()));
            } else if (op.done()) {
                s.getNow().close();
            } else {
                client.streamOpened(s.getNow(), op);
            }
        });
    }

    /** One of the clients is done; the last one closes the connection. */
    void release() {
        if (--clients == 0 && connection != null) {
            connection.addListener((Future<Channel> f) -> {
                if (f.isSuccess()) {
                    f.getNow().close();
                }
            });
        }
    }
}
