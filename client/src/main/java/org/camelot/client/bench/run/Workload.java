package org.camelot.client.bench.run;

import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;

/** What a load run does: where it connects, and the handlers that carry out one operation on a connection. */
public interface Workload {

    /** The workload's name, as in reports (launcelot, upper, http...). */
    String name();

    /** The target, as in reports. */
    String target();

    InetSocketAddress remote();

    /** Whether it runs over UDP (connected datagram sockets) rather than TCP. */
    default boolean datagram() {
        return false;
    }

    /** Whether a client keeps its connection from one operation to the next, rather than connecting for each. */
    boolean keepsConnection();

    /** What one operation is, for reports (a conversation of three questions, a request...). */
    String operation();

    /** What an exchange inside an operation is, or {@code null} when an operation is a single exchange. */
    default String exchange() {
        return null;
    }

    /** The application protocol, as in reports ({@code HTTP/1.1}, {@code HTTP/2}), or {@code null}. */
    default String protocol() {
        return null;
    }

    /**
     * For a protocol with streams (HTTP/2): the operations in flight at once on each connection, which is shared by
     * that many clients, each operation on a stream of its own from {@link #openStream}. 0 when a connection carries
     * one operation at a time, with the {@link ExchangeHandler} on the connection itself.
     */
    default int streams() {
        return 0;
    }

    /** Adds the workload's handlers to a new channel: an {@link ExchangeHandler} last, unless it has streams. */
    void initChannel(Channel channel);

    /**
     * Opens a stream on a connection (once it is ready for one), an {@link ExchangeHandler} last on the stream; only
     * for a workload with {@link #streams}.
     */
    default Future<Channel> openStream(Channel connection) {
        throw new UnsupportedOperationException(name() + " has no streams");
    }

    /**
     * Whether new streams may still go on {@code connection}; once not (it is closed, or the server said it is going
     * away), the next operation opens another connection while this one finishes its streams.
     */
    default boolean takesStreams(Channel connection) {
        return connection.isActive();
    }
}
