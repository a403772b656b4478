package org.camelot.protocol.http.h2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.util.List;
import org.camelot.protocol.http.h1.Http1Wire;

/**
 * First on a cleartext connection that may speak HTTP/2: when the first bytes are the HTTP/2 connection preface
 * (prior knowledge, RFC 9113 3.3) it replaces the HTTP/1.1 handlers with the HTTP/2 ones; as soon as they cannot
 * be, it removes itself and HTTP/1.1 (with its {@code Upgrade: h2c} handler) goes on. Netty's
 * {@code CleartextHttp2ServerUpgradeHandler} does the same but needs an {@code HttpServerCodec}, whose response
 * encoder the HTTP/1.1 wire does not use.
 */
public final class PriorKnowledge extends ByteToMessageDecoder {

    private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

    private final Http2Wire http2;

    public PriorKnowledge(Http2Wire http2) {
        this.http2 = http2;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int length = PREFACE.readableBytes();
        int n = Math.min(in.readableBytes(), length);
        if (!ByteBufUtil.equals(PREFACE, PREFACE.readerIndex(), in, in.readerIndex(), n)) {
            ctx.pipeline().remove(this);
        } else if (n == length) {
            ChannelPipeline p = ctx.pipeline();
            for (String name : List.of(Http1Wire.CLOCK, Http1Wire.DECODER, H2cUpgrade.NAME, Http1Wire.CONNECTION)) {
                if (p.get(name) != null) {
                    p.remove(name);
                }
            }
            http2.installAfter(p, ctx.name());
            p.remove(this);
        }
    }
}
