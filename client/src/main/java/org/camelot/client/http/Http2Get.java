package org.camelot.client.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * One request over HTTP/2 with Netty's codecs: {@code h2} by ALPN over TLS, prior knowledge over cleartext. The
 * answer goes to {@code out} as {@link Http2AnswerWriter} writes it; {@link #fetch} returns its status, or throws
 * an exception whose message is the one line shown to the user.
 */
final class Http2Get {

    private static final String WATCH = "watch";

    private final HttpGetCommand.Target target;
    private final SslContext tls;
    private final int timeoutMillis;

    /** @param tls the TLS context (offering h2 by ALPN, checking the host unless insecure), else {@code null} */
    Http2Get(HttpGetCommand.Target target, SslContext tls, int timeoutMillis) {
        this.target = target;
        this.tls = tls;
        this.timeoutMillis = timeoutMillis;
    }

    /** Sends {@code request} on a new connection's first stream and writes the answer; returns its status. */
    int fetch(Http2Headers request, OutputStream out, boolean printHead, boolean printBody) throws IOException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Promise<Integer> status = group.next().newPromise();
            Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new ReadTimeoutHandler(timeoutMillis, TimeUnit.MILLISECONDS));
                            if (tls != null) {
                                ch.pipeline().addLast(tls.newHandler(ch.alloc(), target.host(), target.port()));
                                ch.pipeline().addLast(new Alpn(request, out, printHead, printBody, status));
                            } else {
                                ch.pipeline().addLast(new Http1AnswerCheck());
                            }
                            ch.pipeline().addLast(WATCH, new ConnectionWatch(status));
                            if (tls == null) {
                                addHttp2(ch.pipeline());
                            }
                        }
                    }).connect(target.host(), target.port()).addListener((ChannelFuture f) -> {
                        if (!f.isSuccess()) {
                            status.tryFailure(f.cause());
                        } else if (tls == null) {
                            openStream(f.channel(), request, out, printHead, printBody, status);
                        }
                    }).channel();
            status.awaitUninterruptibly();
            ch.close().awaitUninterruptibly();
            if (!status.isSuccess()) {
                throw describe(status.cause());
            }
            return status.getNow();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    /** The HTTP/2 codecs, in front of the watch that stays last. */
    private static void addHttp2(ChannelPipeline p) {
        // Closing is the end of the run: no grace period for streams still open after a failure.
        p.addBefore(WATCH, "http2", Http2FrameCodecBuilder.forClient().gracefulShutdownTimeoutMillis(0)
                .initialSettings(Http2Settings.defaultSettings().pushEnabled(false)).build());
        // Server push is off, so the only streams are the ones opened here.
        p.addBefore(WATCH, "streams", new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
    }

    /** Opens the request's stream, on a connection that speaks HTTP/2, and sends the request's head on it. */
    private static void openStream(Channel ch, Http2Headers request, OutputStream out, boolean printHead,
                                   boolean printBody, Promise<Integer> status) {
        new Http2StreamChannelBootstrap(ch).handler(new Http2AnswerWriter(out, printHead, printBody, status)).open()
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        status.tryFailure(f.cause());
                        return;
                    }
                    Channel stream = (Channel) f.getNow();
                    stream.writeAndFlush(new DefaultHttp2HeadersFrame(request, true)).addListener(w -> {
                        if (!w.isSuccess()) {
                            status.tryFailure(w.cause());
                        }
                    });
                });
    }

    /** The exception to report: TLS, timeouts and HTTP/2 errors in the words the h1 client uses. */
    private IOException describe(Throwable cause) {
        Throwable t = cause;
        while (t instanceof DecoderException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof NotSslRecordException) {
            return new SSLException(t.getMessage(), t);
        }
        if (t instanceof ConnectTimeoutException || t instanceof ReadTimeoutException) {
            return new SocketTimeoutException();
        }
        if (t instanceof Http2Exception e) {
            return new ProtocolException("HTTP/2 " + e.error() + ": " + e.getMessage());
        }
        if (t instanceof IOException e) {
            return e;
        }
        return new IOException(t.getMessage() == null ? t.toString() : t.getMessage(), t);
    }

    /** Over TLS: HTTP/2 if the server chose {@code h2}, else a clear error. */
    private static final class Alpn extends ApplicationProtocolNegotiationHandler {
        private final Http2Headers request;
        private final OutputStream out;
        private final boolean printHead;
        private final boolean printBody;
        private final Promise<Integer> status;

        Alpn(Http2Headers request, OutputStream out, boolean printHead, boolean printBody, Promise<Integer> status) {
            super("none");
            this.request = request;
            this.out = out;
            this.printHead = printHead;
            this.printBody = printBody;
            this.status = status;
        }

        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            if (!protocol.equals(ApplicationProtocolNames.HTTP_2)) {
                status.tryFailure(new NoHttp2Exception("the server does not speak HTTP/2 (ALPN: "
                        + protocol + "); try --http1.1"));
                ctx.close();
                return;
            }
            addHttp2(ctx.pipeline());
            openStream(ctx.channel(), request, out, printHead, printBody, status);
        }

        @Override
        protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
            status.tryFailure(cause);
            ctx.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.fireExceptionCaught(cause);
        }
    }

    /** Last on the connection: its failures, and a GOAWAY with an error, end the request. */
    private static final class ConnectionWatch extends ChannelInboundHandlerAdapter {
        private final Promise<Integer> status;

        ConnectionWatch(Promise<Integer> status) {
            this.status = status;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2GoAwayFrame g && g.errorCode() != 0) {
                    status.tryFailure(new ProtocolException("the server ended the connection: GOAWAY "
                            + Http2Error.valueOf(g.errorCode()) + " "
                            + g.content().toString(StandardCharsets.UTF_8)));
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            status.tryFailure(cause);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            status.tryFailure(new EOFException("the server closed the connection without answering"));
        }
    }
}
