package org.camelot.protocol.http.h1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Netty's request decoder, which also knows whether it holds part of a request: bytes not yet decoded, or a head or
 * body begun and not finished. A draining connection with such a part is not idle: the rest is awaited and answered.
 */
final class RequestDecoder extends HttpRequestDecoder {

    private boolean midRequest;
    /**
     * Whether bodiless requests are merged: from the second request on. The first one may be an {@code h2c}
     * upgrade, whose handler takes only a head and its contents apart (a full request would pass it by).
     */
    private boolean merging;

    RequestDecoder(HttpDecoderConfig config) {
        super(config);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        int before = out.size();
        int start = buffer.readerIndex();
        super.decode(ctx, buffer, out);
        if (merging) {
            merge(out, before);
        }
        if (out.size() > before) {
            midRequest = !(out.get(out.size() - 1) instanceof LastHttpContent);
            merging |= !midRequest;
        } else if (buffer.readerIndex() != start) {
            midRequest = true; // header lines taken in, the head not complete yet
        }
    }

    /**
     * A request without a body comes out of Netty's decoder as two messages, the head and an empty last content:
     * they are handed on as one full request, which saves the connection a second pass per request.
     */
    private static void merge(List<Object> out, int from) {
        for (int i = from; i < out.size() - 1; i++) {
            if (out.get(i + 1) == LastHttpContent.EMPTY_LAST_CONTENT && out.get(i) instanceof HttpRequest r
                    && !(r instanceof LastHttpContent) && r.decoderResult().isSuccess()) {
                FullHttpRequest full = new DefaultFullHttpRequest(r.protocolVersion(), r.method(), r.uri(),
                        Unpooled.EMPTY_BUFFER, r.headers(), EmptyHttpHeaders.INSTANCE);
                full.setDecoderResult(r.decoderResult());
                out.set(i, full);
                out.remove(i + 1);
            }
        }
    }

    /** Whether part of a request has been received and not yet handed on whole. */
    boolean holdsInput() {
        return midRequest || actualReadableBytes() > 0;
    }
}
