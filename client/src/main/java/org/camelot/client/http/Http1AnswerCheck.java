package org.camelot.client.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * Goes in front of the HTTP/2 codec on a cleartext connection with prior knowledge. A server that does not speak
 * HTTP/2 answers the connection preface as a bad HTTP/1.1 request; its answer is told apart by its first byte, which
 * no HTTP/2 frame header starts with (the server's first frame is a SETTINGS frame, of a length under 16 MB), and
 * fails the connection with a {@link NoHttp2Exception}. It steps aside after the first bytes.
 */
public final class Http1AnswerCheck extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws NoHttp2Exception {
        if (msg instanceof ByteBuf b && b.isReadable()) {
            if (b.getByte(b.readerIndex()) == 'H') {
                int eol = b.indexOf(b.readerIndex(), b.writerIndex(), (byte) '\r');
                int len = Math.min(80, (eol < 0 ? b.writerIndex() : eol) - b.readerIndex());
                String line = b.toString(b.readerIndex(), len, StandardCharsets.ISO_8859_1)
                        .replaceAll("\\p{Cntrl}", "?");
                ReferenceCountUtil.release(msg);
                throw new NoHttp2Exception("the server does not speak HTTP/2 with prior knowledge (it answered \""
                        + line + "\"); try --http1.1");
            }
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelRead(msg);
    }
}
