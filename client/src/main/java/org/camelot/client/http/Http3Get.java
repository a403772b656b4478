package org.camelot.client.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ClientConnectionHandler;
import io.netty.handler.codec.http3.Http3Exception;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClosedChannelException;
import io.netty.handler.codec.quic.QuicException;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.camelot.client.tls.ClientTls;

/**
 * One request over HTTP/3 with Netty's QUIC and HTTP/3 codecs: a QUIC connection on a UDP socket of its own, TLS 1.3
 * verified with the same trust managers as HTTP/1.1 and HTTP/2 ({@code --cacert}, host name), ALPN {@code h3}, one
 * request stream. The answer is written as curl prints it ({@code HTTP/3 200}, the fields in lower case) when asked,
 * then the body as it arrives; {@link #fetch} returns the status or throws an exception whose message is the one
 * line shown to the user.
 */
final class Http3Get {

    private final HttpGetCommand.Target target;
    private final ClientTls tls;
    private final int timeoutMillis;

    Http3Get(HttpGetCommand.Target target, ClientTls tls, int timeoutMillis) {
        this.target = target;
        this.tls = tls;
        this.timeoutMillis = timeoutMillis;
    }

    int fetch(Http3Headers request, OutputStream out, boolean printHead, boolean printBody) throws IOException {
        if (!Quic.isAvailable()) {
            throw new IOException("HTTP/3 is not available here: the native QUIC library cannot load ("
                    + Quic.unavailabilityCause() + ")");
        }
        AtomicReference<CertificateException> refused = new AtomicReference<>();
        QuicSslContext quicTls = tls.quic(target.host(), refused::set, Http3.supportedApplicationProtocols());
        ChannelHandler codec = Http3.newQuicClientCodecBuilder()
                .sslEngineProvider(q -> quicTls.newEngine(q.alloc(), target.host(), target.port()))
                .maxIdleTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .initialMaxData(16 << 20)
                .initialMaxStreamDataBidirectionalLocal(4 << 20)
                .build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Promise<Integer> status = group.next().newPromise();
            Channel udp = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                    .bind(0).sync().channel();
            Future<QuicChannel> connecting = QuicChannel.newBootstrap(udp)
                    .handler(new Http3ClientConnectionHandler())
                    .remoteAddress(new InetSocketAddress(target.host(), target.port()))
                    .connect();
            if (!connecting.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
                udp.close().awaitUninterruptibly();
                throw new SocketTimeoutException();
            }
            if (!connecting.isSuccess()) {
                udp.close().awaitUninterruptibly();
                CertificateException why = refused.get();
                if (why != null) {
                    // BoringSSL reports only CERTIFICATE_VERIFY_FAILED: the trust manager's reason is the message
                    throw new SSLException(why.getMessage(), why);
                }
                throw describe(connecting.cause());
            }
            QuicChannel quic = connecting.getNow();
            quic.closeFuture().addListener(f -> status.tryFailure(
                    new ProtocolException("the server closed the connection without answering")));
            Future<QuicStreamChannel> opened = Http3.newRequestStream(quic,
                    new Http3AnswerWriter(out, printHead, printBody, status)).awaitUninterruptibly();
            if (!opened.isSuccess()) {
                quic.close().awaitUninterruptibly();
                udp.close().awaitUninterruptibly();
                throw describe(opened.cause());
            }
            opened.getNow().writeAndFlush(new DefaultHttp3HeadersFrame(request))
                    .addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
            boolean done = status.await(timeoutMillis, TimeUnit.MILLISECONDS);
            quic.close().awaitUninterruptibly();
            udp.close().awaitUninterruptibly();
            if (!done) {
                throw new SocketTimeoutException();
            }
            if (!status.isSuccess()) {
                throw describe(status.cause());
            }
            return status.getNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    private static IOException describe(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException || t instanceof java.security.cert.CertificateException) {
                return new SSLException(cause.getMessage(), cause);
            }
        }
        if (cause instanceof io.netty.channel.ConnectTimeoutException || cause instanceof QuicClosedChannelException
                && String.valueOf(cause.getMessage()).contains("timed out")) {
            return new SocketTimeoutException();
        }
        if (cause instanceof Http3Exception e) {
            return new ProtocolException("HTTP/3 " + e.errorCode() + ": " + e.getMessage());
        }
        if (cause instanceof QuicException e) {
            return new ProtocolException("QUIC: " + e.getMessage());
        }
        if (cause instanceof IOException e) {
            return e;
        }
        return new IOException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
    }
}
