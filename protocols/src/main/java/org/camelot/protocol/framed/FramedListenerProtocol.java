package org.camelot.protocol.framed;

import io.netty.channel.Channel;
import java.util.Optional;
import org.camelot.protocol.Protocol;

/** Runs a {@link FramedProtocol} on a listener: one {@link FramedHandler} per connection. */
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

    @Override
    public Optional<FramedProtocol> framed() {
        return Optional.of(protocol);
    }
}
