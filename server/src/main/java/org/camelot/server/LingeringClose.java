package org.camelot.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a TCP connection as nginx's lingering close does, whichever protocol asks: once the last answer is written,
 * the server sends its FIN (shutdown of output), then reads and discards what the client still sends until the
 * client closes its side too, for at most {@link #LINGER_MILLIS} and {@link #LINGER_BYTES}, and only then closes
 * the socket. Closing at once with unread bytes in the socket, or with the client's bytes still arriving, makes the
 * kernel send a reset, which can destroy the last answer before the client has read it.
 *
 * <p>First in every connection's pipeline, so that it sees a close after TLS has sent its close_notify, and so that
 * what arrives while lingering reaches no other handler. {@link #closeNow} closes without lingering (the drain
 * timeout has run out).
 */
final class LingeringClose extends ChannelDuplexHandler {

    /** The longest a closed connection keeps reading what its client still sends. */
    static final long LINGER_MILLIS = 2_000;
    /** The most a closed connection reads and discards before it closes anyway. */
    static final long LINGER_BYTES = 256 * 1024;

    private static final String NAME = "lingering-close";

    /** The listener generation that counts this connection until it closes, or {@code null}. */
    private final ListenerGeneration generation;
    private ChannelHandlerContext ctx;
    private ChannelPromise closePromise;
    private ScheduledFuture<?> deadline;
    private long discarded;
    private boolean lingering;
    private boolean now;

    /**
     * Puts the handler first in {@code channel}'s pipeline; it also counts the connection in {@code generation} until
     * the channel goes inactive (first in the pipeline, it always sees that), which spares a close-future listener
     * per connection.
     */
    static void install(Channel channel, ListenerGeneration generation) {
        channel.pipeline().addFirst(NAME, new LingeringClose(generation));
        generation.opened();
    }

    private LingeringClose(ListenerGeneration generation) {
        this.generation = generation;
    }

    /**
     * Closes {@code channel} at once, lingering or not. The handler is looked up in the pipeline (rare: a drain's
     * timeout, a stalled write) rather than kept in an attribute, which would cost each connection an attribute map.
     */
    static ChannelFuture closeNow(Channel channel) {
        if (!(channel.pipeline().get(NAME) instanceof LingeringClose handler)) {
            return channel.close();
        }
        channel.eventLoop().execute(handler::finish);
        return channel.closeFuture();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        Channel ch = ctx.channel();
        if (now || lingering || !ch.isActive() || !(ch instanceof DuplexChannel duplex) || duplex.isInputShutdown()) {
            if (lingering && closePromise != null && promise != closePromise) {
                if (!promise.isVoid()) {
                    closePromise.addListener(f -> promise.trySuccess()); // a second close joins the first
                }
                return;
            }
            ctx.close(promise);
            return;
        }
        lingering = true;
        closePromise = promise.isVoid() ? ctx.newPromise() : promise;
        // An empty write completes after everything written before it: the FIN follows the last answer.
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> {
            if (!written.isSuccess() || now) {
                finish();
                return;
            }
            duplex.shutdownOutput().addListener(shut -> {
                if (!shut.isSuccess()) {
                    finish();
                    return;
                }
                deadline = ctx.executor().schedule(this::finish, LINGER_MILLIS, TimeUnit.MILLISECONDS);
                ch.config().setAutoRead(true);
                ctx.read();
            });
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!lingering) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (msg instanceof io.netty.buffer.ByteBuf b) {
            discarded += b.readableBytes();
        }
        ReferenceCountUtil.release(msg);
        if (discarded > LINGER_BYTES) {
            finish();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!lingering) {
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (lingering && evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
            finish(); // the client closed its side: nothing more will come
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (lingering) {
            finish();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (generation != null) {
            generation.closed();
        }
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (closePromise != null) {
            // Closed by the transport (the client's FIN, a reset) while lingering: the close asked for is done.
            closePromise.trySuccess();
            closePromise = null;
        }
        ctx.fireChannelInactive();
    }

    private void finish() {
        now = true;
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        ChannelPromise promise = closePromise != null ? closePromise : ctx.newPromise();
        closePromise = null;
        ctx.close(promise);
    }
}
