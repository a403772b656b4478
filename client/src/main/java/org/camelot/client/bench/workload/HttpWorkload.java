package org.camelot.client.bench.workload;

import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import org.camelot.client.bench.run.Workload;

/**
 * Requests for one URL on kept connections, in one version of HTTP: one at a time on each connection (HTTP/1.1), or
 * as streams, {@code streams} at once on each connection (HTTP/2, HTTP/3), each request a stream of its own opened
 * by {@link #openStream} once the connection is ready for streams.
 */
public abstract sealed class HttpWorkload implements Workload permits Http1Workload, Http2Workload, Http3Workload {

    protected final HttpTarget target;
    private final int streams;
    private final String protocol;

    /**
     * @param streams  requests in flight at once on each connection, each on a stream; 0 for HTTP/1.1
     * @param protocol the protocol's name in reports ({@code HTTP/2})
     */
    HttpWorkload(HttpTarget target, int streams, String protocol) {
        if (streams < 0 || streams == 0 && !protocol.equals("HTTP/1.1")) {
            throw new IllegalArgumentException("--streams " + streams + ": expected at least 1");
        }
        this.target = target;
        this.streams = streams;
        this.protocol = protocol;
    }

    /**
     * With streams: the connection once it can carry them (the protocol negotiated, the handshake done), on its
     * event loop.
     */
    protected Future<? extends Channel> ready(Channel connection) {
        throw new UnsupportedOperationException(protocol + " has no streams");
    }

    /** With streams: opens a request stream on a ready connection, with its operation's handler last. */
    protected Future<? extends Channel> newStream(Channel ready) {
        throw new UnsupportedOperationException(protocol + " has no streams");
    }

    @Override
    public final Future<Channel> openStream(Channel connection) {
        Promise<Channel> opened = connection.eventLoop().newPromise();
        Future<? extends Channel> ready = ready(connection);
        ready.addListener(r -> {
            if (!ready.isSuccess()) {
                opened.tryFailure(ready.cause());
                return;
            }
            newStream(ready.getNow()).addListener(f -> {
                if (f.isSuccess()) {
                    opened.trySuccess((Channel) f.getNow());
                } else {
                    opened.tryFailure(f.cause());
                }
            });
        });
        return opened;
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public String target() {
        return target.display();
    }

    @Override
    public InetSocketAddress remote() {
        return target.remote();
    }

    @Override
    public boolean keepsConnection() {
        return true;
    }

    @Override
    public String operation() {
        return "request (" + protocol + ", " + (streams == 0 ? "keep-alive"
                : streams + (streams == 1 ? " stream" : " streams") + " per connection") + ")";
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public int streams() {
        return streams;
    }
}
