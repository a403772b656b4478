package org.camelot.client.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.camelot.testing.TestPki;

/**
 * A small HTTP server for the client's tests, on 127.0.0.1 and port 0: HTTP/2 with Netty's
 * {@code Http2FrameCodec} and {@code Http2MultiplexHandler} (over TLS by ALPN, or cleartext with prior knowledge),
 * or HTTP/1.1 only. It serves {@code /motto.txt}, {@code /big.bin} (1 MB) and 404 for the rest, and counts
 * connections, requests, and the most streams open at once on one connection.
 */
public final class Http2TestServer implements AutoCloseable {

    public static final String MOTTO = "On second thought, let's not go to Camelot. It is a silly place.\n";
    public static final int BIG = 1 << 20;

    private static final byte[] BIG_BYTES = bigBytes();
    private static final AttributeKey<AtomicInteger> OPEN = AttributeKey.valueOf("open-streams");

    public final AtomicInteger connections = new AtomicInteger();
    public final AtomicInteger requests = new AtomicInteger();
    public final AtomicInteger mostStreamsAtOnce = new AtomicInteger();
    /** The protocol of each request, in order: {@code HTTP/2} or {@code HTTP/1.1}. */
    public final Queue<String> protocols = new ConcurrentLinkedQueue<>();
    /** The request header fields seen last, lower-case names. */
    public final Map<String, String> lastHeaders = new ConcurrentHashMap<>();

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final long delayMillis;
    private final Channel channel;

    /**
     * @param cert         the PEM certificate chain for TLS, or {@code null} for cleartext
     * @param key          its PEM private key
     * @param http2        whether it speaks HTTP/2 (by ALPN over TLS, by prior knowledge over cleartext)
     * @param delayMillis  how long each answer waits, so that streams overlap
     */
    /** Over TLS with the test PKI's {@code localhost} certificate. */
    public Http2TestServer(TestPki pki, boolean http2, long delayMillis) throws Exception {
        this(pki.serverCert(), pki.serverKey(), http2, delayMillis);
    }

    /** Over cleartext. */
    public Http2TestServer(boolean http2, long delayMillis) throws Exception {
        this(null, null, http2, delayMillis);
    }

    public Http2TestServer(Path cert, Path key, boolean http2, long delayMillis) throws Exception {
        this.delayMillis = delayMillis;
        SslContext tls = cert == null ? null : SslContextBuilder.forServer(cert.toFile(), key.toFile())
                .protocols("TLSv1.3", "TLSv1.2")
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        http2 ? List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1)
                                : List.of(ApplicationProtocolNames.HTTP_1_1)))
                .build();
        channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.incrementAndGet();
                        ch.attr(OPEN).set(new AtomicInteger());
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                            ch.pipeline().addLast(new ApplicationProtocolNegotiationHandler("http/1.1") {
                                @Override
                                protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                                    if (protocol.equals(ApplicationProtocolNames.HTTP_2)) {
                                        http2(ctx.channel());
                                    } else {
                                        http1(ctx.channel());
                                    }
                                }

                                @Override
                                protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
                                    // A client that refuses the certificate is a case under test, not a problem.
                                    ctx.close();
                                }
                            });
                        } else if (http2) {
                            http2(ch);
                        } else {
                            http1(ch);
                        }
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    public int port() {
        return ((java.net.InetSocketAddress) channel.localAddress()).getPort();
    }

    private void http2(Channel ch) {
        ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().build());
        ch.pipeline().addLast(new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel stream) {
                AtomicInteger open = stream.parent().attr(OPEN).get();
                mostStreamsAtOnce.accumulateAndGet(open.incrementAndGet(), Math::max);
                stream.closeFuture().addListener(f -> open.decrementAndGet());
                stream.pipeline().addLast(new StreamAnswer());
            }
        }));
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                // Clients that do not speak HTTP/2 (or TLS) are cases under test.
                ctx.close();
            }
        });
    }

    private void http1(Channel ch) {
        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                new SimpleChannelInboundHandler<FullHttpRequest>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                        requests.incrementAndGet();
                        protocols.add("HTTP/1.1");
                        byte[] body = body(req.uri());
                        var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, body == null
                                ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.OK,
                                Unpooled.wrappedBuffer(body == null ? "not found\n".getBytes() : body));
                        HttpUtil.setContentLength(res, res.content().readableBytes());
                        ctx.writeAndFlush(res);
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        ctx.close();
                    }
                });
    }

    static byte[] body(String path) {
        if (path.equals("/motto.txt")) {
            return MOTTO.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return path.equals("/big.bin") ? BIG_BYTES : null;
    }

    /** 1 MB that no off-by-one goes unseen in: each byte depends on its position. */
    public static byte[] bigBytes() {
        byte[] b = new byte[BIG];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31 + (i >>> 11));
        }
        return b;
    }

    /** Answers one stream, after the delay, in 16 KB data frames. */
    private final class StreamAnswer extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame h && h.isEndStream()) {
                    requests.incrementAndGet();
                    protocols.add("HTTP/2");
                    lastHeaders.clear();
                    h.headers().forEach(e -> lastHeaders.put(e.getKey().toString(), e.getValue().toString()));
                    boolean head = "HEAD".contentEquals(h.headers().method());
                    String path = h.headers().path().toString();
                    ctx.executor().schedule(() -> answer(ctx, path, head), delayMillis, TimeUnit.MILLISECONDS);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void answer(ChannelHandlerContext ctx, String path, boolean head) {
            byte[] body = body(path);
            byte[] bytes = body == null ? "not found\n".getBytes() : body;
            Http2Headers h = new DefaultHttp2Headers().status(body == null ? "404" : "200")
                    .set("content-type", body == null ? "text/plain" : "application/octet-stream")
                    .setInt("content-length", bytes.length);
            ctx.write(new DefaultHttp2HeadersFrame(h, head));
            for (int off = 0; !head && off < bytes.length; off += 16384) {
                int n = Math.min(16384, bytes.length - off);
                ByteBuf chunk = Unpooled.wrappedBuffer(bytes, off, n);
                ctx.write(new DefaultHttp2DataFrame(chunk, off + n == bytes.length));
            }
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
