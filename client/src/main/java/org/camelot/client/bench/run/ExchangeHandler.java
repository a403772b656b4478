package org.camelot.client.bench.run;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The last handler of a generator connection: carries out one operation at a time (sends its requests, checks the
 * replies) and reports its outcome. A connection that closes or fails in the middle of an operation fails it.
 */
public abstract class ExchangeHandler extends ChannelInboundHandlerAdapter {

    protected ChannelHandlerContext ctx;
    private Operation operation;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Starts an operation on this connection; runs on its event loop. */
    final void begin(Operation op) {
        this.operation = op;
        start();
    }

    /** Sends the operation's first request. */
    protected abstract void start();

    /** The operation in progress, or {@code null}. */
    protected final Operation operation() {
        return operation;
    }

    protected final void succeed() {
        Operation op = operation;
        operation = null;
        if (op != null) {
            op.succeed();
        }
    }

    /** Closes the connection (the server asked for it), then reports success, so the next operation reconnects. */
    protected final void succeedAndClose() {
        Operation op = operation;
        operation = null;
        ctx.close();
        if (op != null) {
            op.succeed();
        }
    }

    /** Gives the operation back to its client to carry out again: the server did not process this request. */
    protected final void retry() {
        Operation op = operation;
        operation = null;
        if (op != null) {
            op.retry();
        }
    }

    protected final void fail(String kind) {
        Operation op = operation;
        operation = null;
        if (op != null) {
            op.fail(kind);
        }
    }

    /** Ends the operation: a success when {@code failure} is {@code null}, else a failure of that kind. */
    protected final void end(String failure) {
        if (failure == null) {
            succeed();
        } else {
            fail(failure);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail(ErrorKinds.CLOSED);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ErrorKinds.of(cause));
        ctx.close();
    }
}
