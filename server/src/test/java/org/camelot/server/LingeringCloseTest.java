package org.camelot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.atomic.AtomicInteger;
import org.camelot.protocol.Protocol;
import org.junit.jupiter.api.Test;

/**
 * The first handler of every connection counts it in its listener generation until it goes inactive, and is found
 * in the pipeline by {@link LingeringClose#closeNow}.
 */
class LingeringCloseTest {

    private static final class CountingProtocol implements Protocol {
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public void initChannel(Channel channel) {
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    @Test
    void aRetiredGenerationClosesItsProtocolWithItsLastConnection() {
        CountingProtocol protocol = new CountingProtocol();
        ListenerGeneration gen = new ListenerGeneration(null, protocol, null, null);
        EmbeddedChannel first = new EmbeddedChannel();
        EmbeddedChannel second = new EmbeddedChannel();
        LingeringClose.install(first, gen);
        LingeringClose.install(second, gen);
        gen.retire();
        assertEquals(0, protocol.closed.get(), "two connections still use it");
        first.close();
        assertEquals(0, protocol.closed.get(), "one connection still uses it");
        second.close();
        second.close(); // a second close of the same connection counts nothing
        assertEquals(1, protocol.closed.get(), "closed with its last connection, once");
    }

    @Test
    void aGenerationNotRetiredKeepsItsProtocol() {
        CountingProtocol protocol = new CountingProtocol();
        ListenerGeneration gen = new ListenerGeneration(null, protocol, null, null);
        EmbeddedChannel ch = new EmbeddedChannel();
        LingeringClose.install(ch, gen);
        ch.close();
        assertEquals(0, protocol.closed.get());
        gen.retire();
        assertEquals(1, protocol.closed.get(), "no connection left: closed as it retires");
    }

    @Test
    void closeNowFindsTheHandlerInThePipeline() {
        CountingProtocol protocol = new CountingProtocol();
        ListenerGeneration gen = new ListenerGeneration(null, protocol, null, null);
        EmbeddedChannel ch = new EmbeddedChannel();
        LingeringClose.install(ch, gen);
        assertTrue(ch.pipeline().first() instanceof LingeringClose, "first in the pipeline");
        LingeringClose.closeNow(ch);
        ch.runPendingTasks();
        assertFalse(ch.isOpen());
        EmbeddedChannel bare = new EmbeddedChannel();
        LingeringClose.closeNow(bare); // a channel without the handler is closed as usual
        assertFalse(bare.isOpen());
    }
}
