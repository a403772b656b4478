package org.camelot.server.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslClientHelloHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.util.List;
import org.camelot.server.tls.acme.TlsAlpnChallenges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the client's ClientHello, picks the TLS context for it and replaces itself with that context's
 * {@link SslHandler} (as Netty's {@code SniHandler} does, but looking at ALPN too): the certificate whose names cover
 * the server name asked for, else the listener's default one, or, with {@code sni: strict}, a fatal
 * {@code unrecognized_name} alert; an {@code acme-tls/1} hello for a name being validated gets the challenge
 * certificate and the connection closes after the handshake.
 */
final class CertificateSelector extends SslClientHelloHandler<SslContext> {

    private static final Logger log = LoggerFactory.getLogger("camelot.tls");
    /** A ClientHello is a few kilobytes at most (post-quantum key shares included); more is refused. */
    private static final int MAX_CLIENT_HELLO = 64 * 1024;
    /** A TLS record: alert, TLS 1.2 record version, length 2, fatal (2), unrecognized_name (112). */
    private static final byte[] UNRECOGNIZED_NAME = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 112};

    private final ListenerCertificates certificates;
    private String serverName;
    private boolean challenge;
    private boolean refused;

    CertificateSelector(ListenerCertificates certificates) {
        super(MAX_CLIENT_HELLO);
        this.certificates = certificates;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (refused) {
            in.skipBytes(in.readableBytes()); // the alert is on its way and the connection closing
            return;
        }
        super.decode(ctx, in, out);
    }

    @Override
    protected Future<SslContext> lookup(ChannelHandlerContext ctx, ByteBuf clientHello) {
        ClientHello hello = clientHello == null ? ClientHello.NONE : ClientHello.parse(clientHello);
        serverName = hello.serverName();
        if (hello.protocols().contains(TlsAlpnChallenges.PROTOCOL)) {
            SslContext context = TlsAlpnChallenges.find(serverName);
            if (context != null) {
                challenge = true;
                return ctx.executor().newSucceededFuture(context);
            }
        }
        return ctx.executor().newSucceededFuture(certificates.select(serverName));
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, Future<SslContext> future) {
        if (!future.isSuccess()) {
            throw new DecoderException("no TLS context for " + serverName, future.cause());
        }
        SslContext context = future.getNow();
        if (context == null) {
            log.warn("listener {}: TLS handshake with {} refused: no certificate for the server name \"{}\" "
                    + "(sni: strict)", certificates.listener(), ctx.channel().remoteAddress(), serverName);
            refused = true;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(UNRECOGNIZED_NAME)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        SslHandler handler = context.newHandler(ctx.alloc());
        try {
            ctx.pipeline().replace(this, ctx.name(), handler);
        } catch (RuntimeException e) {
            ReferenceCountUtil.safeRelease(handler.engine());
            throw e;
        }
        if (challenge) {
            log.info("listener {}: answered the ACME tls-alpn-01 challenge for {} to {}", certificates.listener(),
                    serverName, ctx.channel().remoteAddress());
            handler.handshakeFuture().addListener(f -> handler.closeOutbound().addListener(c -> ctx.channel().close()));
        }
    }
}
