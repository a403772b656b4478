package org.camelot.protocol.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.function.Consumer;

/**
 * How one request stream of a multiplexed wire (HTTP/2, HTTP/3) carries an answer: its head, its body's frames and
 * the end of the stream. Each wire implements it with its own frames; {@link StreamAnswer} and {@link StreamPump}
 * do the rest the same way for both. Every method runs on the stream's event loop.
 */
public interface StreamSink {

    /** Writes the head of an answer without a body, ending the stream, and flushes; tells whether it went. */
    void headAlone(ChannelHandlerContext ctx, Answer answer, Consumer<Boolean> done);

    /** Writes the head of an answer whose body follows; not flushed. */
    void head(ChannelHandlerContext ctx, Answer answer);

    /** Writes a piece of the body that does not end the stream; not flushed. */
    void data(ChannelHandlerContext ctx, ByteBuf content);

    /**
     * Writes the body's last piece ({@code null} when none is left) and ends the stream, and flushes; tells whether
     * it went.
     */
    void end(ChannelHandlerContext ctx, ByteBuf last, Consumer<Boolean> done);
}
