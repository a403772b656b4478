package org.camelot.server.guard;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.ProtocolDetectionState;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import java.util.List;

/**
 * Refuses a connection as soon as its first bytes cannot start a PROXY protocol header, rather than letting the
 * header decoder wait for a line ending that will never come; steps aside once a header is recognised.
 */
final class ProxyHeaderDetector extends ByteToMessageDecoder {

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        ProtocolDetectionState state = HAProxyMessageDecoder.detectProtocol(in).state();
        if (state == ProtocolDetectionState.DETECTED) {
            ctx.pipeline().remove(this);
        } else if (state == ProtocolDetectionState.INVALID) {
            in.skipBytes(in.readableBytes());
            throw new HAProxyProtocolException("the connection does not start with a PROXY protocol v1 or v2 header");
        }
    }
}
