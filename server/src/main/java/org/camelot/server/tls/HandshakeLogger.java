package org.camelot.server.tls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each failed TLS handshake with the peer and the reason (plain text on a TLS port, an untrusted client
 * certificate, an old protocol) and closes that connection only. Removes itself once the handshake succeeds.
 */
@ChannelHandler.Sharable
public final class HandshakeLogger extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger("camelot.tls");

    private final String listener;
    private final Counter succeeded;
    private final Counter failed;

    public HandshakeLogger(String listener, MeterRegistry meters) {
        this.listener = listener;
        this.succeeded = handshakes(listener, "success", meters);
        this.failed = handshakes(listener, "failure", meters);
    }

    private static Counter handshakes(String listener, String outcome, MeterRegistry meters) {
        return Counter.builder("camelot.tls.handshakes").tag("listener", listener).tag("outcome", outcome)
                .description("TLS handshakes by outcome").register(meters);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent e) {
            if (e.isSuccess()) {
                succeeded.increment();
                ctx.pipeline().remove(this);
            } else {
                failed.increment();
                log.warn("listener {}: TLS handshake with {} failed: {}", listener, ctx.channel().remoteAddress(),
                        reason(e.cause()));
                ctx.close();
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // The handshake event above already reported TLS failures; anything else before the handshake is one too.
        if (!(cause instanceof DecoderException || cause instanceof SSLException)) {
            log.debug("listener {}: {} before TLS handshake: {}", listener, ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }

    static String reason(Throwable cause) {
        Throwable c = cause;
        while (c instanceof DecoderException && c.getCause() != null) {
            c = c.getCause();
        }
        Throwable root = c;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = describe(c);
        return root == c ? reason : reason + " (" + describe(root) + ")";
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }
}
