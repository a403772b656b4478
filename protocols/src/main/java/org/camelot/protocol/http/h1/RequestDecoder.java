package org.camelot.protocol.http.h1;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Netty's request decoder, which also knows whether it holds part of a request: bytes not yet decoded, or a head or
 * body begun and not finished. A draining connection with such a part is not idle: the rest is awaited and answered.
 */
final class RequestDecoder extends HttpRequestDecoder {

    private boolean midRequest;

    RequestDecoder(HttpDecoderConfig config) {
        super(config);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        int before = out.size();
        int start = buffer.readerIndex();
        super.decode(ctx, buffer, out);
        if (out.size() > before) {
            midRequest = !(out.get(out.size() - 1) instanceof LastHttpContent);
        } else if (buffer.readerIndex() != start) {
            midRequest = true; // header lines taken in, the head not complete yet
        }
    }

    /** Whether part of a request has been received and not yet handed on whole. */
    boolean holdsInput() {
        return midRequest || actualReadableBytes() > 0;
    }
}
