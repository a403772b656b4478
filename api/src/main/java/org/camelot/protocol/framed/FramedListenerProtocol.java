package org.camelot.protocol.framed;

import io.netty.channel.Channel;
import org.camelot.protocol.Protocol;

/**
 * Runs a {@link FramedProtocol} on a listener: one {@link FramedHandler} per connection. Because its logic is apart
 * from Netty, the server can also run it under blocking concurrency models (a thread per connection, a pool, virtual
 * threads); a protocol of another kind runs on event loops only.
 */
public final class FramedListenerProtocol implements Protocol {

    private final String handlerName;
    private final FramedProtocol protocol;

    /**
     * @param handlerName the name of the handler in each pipeline (the protocol's name)
     * @param protocol    the logic
     */
    public FramedListenerProtocol(String handlerName, FramedProtocol protocol) {
        this.handlerName = handlerName;
        this.protocol = protocol;
    }

    @Override
    public void initChannel(Channel channel) {
        channel.pipeline().addLast(handlerName, new FramedHandler(protocol));
    }

    /** The protocol's logic, for the blocking concurrency models. */
    public FramedProtocol framed() {
        return protocol;
    }
}
