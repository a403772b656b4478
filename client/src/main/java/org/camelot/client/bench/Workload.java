package org.camelot.client.bench;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/** What a load run does: where it connects, and the handlers that carry out one operation on a connection. */
interface Workload {

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

    /** Adds the workload's handlers to a new channel, an {@link ExchangeHandler} last. */
    void initChannel(Channel channel);
}
