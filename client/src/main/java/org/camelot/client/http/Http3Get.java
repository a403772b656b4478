package org.camelot.client.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ClientConnectionHandler;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3Exception;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClosedChannelException;
import io.netty.handler.codec.quic.QuicException;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.SSLHandshakeException;

/**
 * One request over HTTP/3 with Netty's QUIC and HTTP/3 codecs: a QUIC connection on a UDP socket of its own, TLS 1.3
 * verified with the same trust managers as HTTP/1.1 and HTTP/2 ({@code --cacert}, host name), ALPN {@code h3}, one
 * request stream. The answer is written as curl prints it ({@code HTTP/3 200}, the fields in lower case) when asked,
 * then the body as it arrives; {@link #fetch} returns the status or throws an exception whose message is the one
 * line shown to the user.
 */
final class Http3Get {

    private final HttpGetCommand.Target target;
    private final Path cacert;
    private final boolean insecure;
    private final int timeoutMillis;

    Http3Get(HttpGetCommand.Target target, Path cacert, boolean insecure, int timeoutMillis) {
        this.target = target;
        this.cacert = cacert;
        this.insecure = insecure;
        this.timeoutMillis = timeoutMillis;
    }

    int fetch(Http3Headers request, OutputStream out, boolean printHead, boolean printBody)
            throws IOException, GeneralSecurityException {
        if (!Quic.isAvailable()) {
            throw new IOException("HTTP/3 is not available here: the native QUIC library cannot load ("
                    + Quic.unavailabilityCause() + ")");
        }
        Recording trust = new Recording((X509ExtendedTrustManager) ClientTls.trustManager(cacert, insecure),
                target.host());
        QuicSslContext tls = QuicSslContextBuilder.forClient()
                .trustManager(trust)
                .applicationProtocols(Http3.supportedApplicationProtocols())
                .endpointIdentificationAlgorithm(insecure ? null : "HTTPS")
                .build();
        ChannelHandler codec = Http3.newQuicClientCodecBuilder()
                .sslEngineProvider(q -> tls.newEngine(q.alloc(), target.host(), target.port()))
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
                if (trust.failure != null) {
                    // BoringSSL reports only CERTIFICATE_VERIFY_FAILED: the trust manager's reason is the message
                    throw new SSLException(trust.failure.getMessage(), trust.failure);
                }
                throw describe(connecting.cause());
            }
            QuicChannel quic = connecting.getNow();
            quic.closeFuture().addListener(f -> status.tryFailure(
                    new ProtocolException("the server closed the connection without answering")));
            Future<QuicStreamChannel> opened = Http3.newRequestStream(quic,
                    new AnswerWriter(out, printHead, printBody, status)).awaitUninterruptibly();
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

    /** Keeps the reason the trust manager refused the server's certificate. */
    private static final class Recording extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;
        private final String host;
        private volatile CertificateException failure;

        Recording(X509ExtendedTrustManager delegate, String host) {
            this.delegate = delegate;
            this.host = host;
        }

        private CertificateException record(CertificateException e) {
            // the QUIC engine does not know the peer's host name: the message names the one asked for
            failure = e.getMessage() != null && e.getMessage().startsWith(ClientTls.HOST_MISMATCH)
                    ? new CertificateException(ClientTls.HOST_MISMATCH + "certificate is not valid for '" + host
                    + "'", e) : e;
            return e;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                throw record(e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw record(e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                throw record(e);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    /** Writes the answer of the request stream and completes {@code status} when the stream ends. */
    private static final class AnswerWriter extends Http3RequestStreamInboundHandler {
        private final OutputStream out;
        private final boolean printHead;
        private final boolean printBody;
        private final Promise<Integer> status;
        private int code;

        AnswerWriter(OutputStream out, boolean printHead, boolean printBody, Promise<Integer> status) {
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
            CharSequence s = frame.headers().status();
            int c;
            try {
                c = s == null ? -1 : Integer.parseInt(s.toString());
            } catch (NumberFormatException e) {
                c = -1;
            }
            if (c < 100 || c > 999) {
                throw new ProtocolException("the server's answer has no valid :status (" + s + ")");
            }
            if (c < 200) {
                return;
            }
            code = c;
            if (printHead) {
                StringBuilder head = new StringBuilder(256).append("HTTP/3 ").append(c).append("\r\n");
                for (Map.Entry<CharSequence, CharSequence> h : frame.headers()) {
                    if (h.getKey().length() > 0 && h.getKey().charAt(0) != ':') {
                        head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
                    }
                }
                out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
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
}
