package org.camelot.client.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ProtocolException;

/**
 * Writes the answer that arrives on one HTTP/3 request stream: the head as curl prints it ({@code HTTP/3 200}, then
 * the fields in lower case) when asked, then the body's bytes as they come. Completes {@code status} at the end of
 * the stream, or fails it with the reason in one line.
 */
final class Http3AnswerWriter extends Http3RequestStreamInboundHandler {
    private final OutputStream out;
    private final boolean printHead;
    private final boolean printBody;
    private final Promise<Integer> status;
    private int code;

    Http3AnswerWriter(OutputStream out, boolean printHead, boolean printBody, Promise<Integer> status) {
        this.out = out;
        this.printHead = printHead;
        this.printBody = printBody;
        this.status = status;
    }

    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) throws IOException {
        if (code != 0) {
            return; // trailers
        }
        int c = AnswerHead.status(frame.headers().status());
        if (c < 200) {
            return;
        }
        code = c;
        if (printHead) {
            AnswerHead.write(out, "HTTP/3", c, frame.headers());
        }
    }

    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) throws IOException {
        try {
            if (code == 0) {
                throw new ProtocolException("the server sent body bytes before a status");
            }
            ByteBuf body = frame.content();
            if (printBody && body.isReadable()) {
                body.getBytes(body.readerIndex(), out, body.readableBytes());
            }
        } finally {
            frame.release();
        }
    }

    @Override
    protected void channelInputClosed(ChannelHandlerContext ctx) {
        if (code == 0) {
            status.tryFailure(new ProtocolException("the stream ended without an answer"));
        } else {
            status.trySuccess(code);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        status.tryFailure(new ProtocolException(code == 0 ? "the stream closed without an answer"
                : "the stream closed before the end of the answer's body"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        status.tryFailure(cause);
        ctx.close();
    }
}
