package org.camelot.client.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ProtocolException;

/**
 * Writes the answer that arrives on one HTTP/2 stream: the head as curl prints it ({@code HTTP/2 200}, then the
 * header fields as received, in lower case) when asked, then the body's bytes as they come. Completes
 * {@code status} at the end of the stream, or fails it with the reason in one line.
 */
final class Http2AnswerWriter extends ChannelInboundHandlerAdapter {

    private final OutputStream out;
    private final boolean printHead;
    private final boolean printBody;
    private final Promise<Integer> status;
    private int code;

    /**
     * @param printHead write the status line and header fields
     * @param printBody write the body (not for {@code --head})
     * @param status    completed with the status code once the stream has ended
     */
    Http2AnswerWriter(OutputStream out, boolean printHead, boolean printBody, Promise<Integer> status) {
        this.out = out;
        this.printHead = printHead;
        this.printBody = printBody;
        this.status = status;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws IOException {
        try {
            if (msg instanceof Http2HeadersFrame h) {
                headers(h.headers());
                if (h.isEndStream()) {
                    end();
                }
            } else if (msg instanceof Http2DataFrame d) {
                if (code == 0) {
                    throw new ProtocolException("the server sent body bytes before a status");
                }
                ByteBuf body = d.content();
                if (printBody && body.isReadable()) {
                    body.getBytes(body.readerIndex(), out, body.readableBytes());
                }
                if (d.isEndStream()) {
                    end();
                }
            } else if (msg instanceof Http2ResetFrame r) {
                Http2Error e = Http2Error.valueOf(r.errorCode());
                status.tryFailure(new ProtocolException("the server reset the stream ("
                        + (e == null ? "error " + r.errorCode() : e.name()) + ")"));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** The first final head is the answer's; 1xx heads before it are skipped; a head after it holds trailers. */
    private void headers(Http2Headers headers) throws IOException {
        if (code != 0) {
            return;
        }
        int c = AnswerHead.status(headers.status());
        if (c < 200) {
            return;
        }
        code = c;
        if (printHead) {
            AnswerHead.write(out, "HTTP/2", c, headers);
        }
    }

    private void end() throws ProtocolException {
        if (code == 0) {
            throw new ProtocolException("the stream ended without an answer");
        }
        status.trySuccess(code);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        status.tryFailure(new ProtocolException(code == 0 ? "the stream closed without an answer"
                : "the stream closed before the end of the answer's body"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        status.tryFailure(cause);
        ctx.close();
    }
}
