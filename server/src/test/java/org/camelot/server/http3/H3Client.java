package org.camelot.server.http3;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.http3.DefaultHttp3Headers;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ClientConnectionHandler;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A test's HTTP/3 client on Netty's QUIC codec: one connection to 127.0.0.1, verified against the test CA, on which
 * requests open streams. A stream may be opened without reading its answer ({@link #open} with
 * {@code autoRead} off), for the tests of a client that stops reading and of a drain.
 */
final class H3Client implements AutoCloseable {

    /** An answer: status, fields (lower case, the first value of each), body. */
    record Reply(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel udp;
    private final QuicChannel quic;

    /** @param streamWindow the flow-control credit the client grants each stream, in bytes */
    H3Client(int port, Path caPem, long streamWindow) throws Exception {
        this(port, caPem, streamWindow, 0);
    }

    /**
     * @param streamWindow the flow-control credit the client grants each stream, in bytes
     * @param dropEvery    with {@code n > 0}, every n-th small 1-RTT datagram (under 200 bytes: acknowledgements, a
     *                     stream's head or end) that reaches the client is dropped, as on a lossy path
     */
    H3Client(int port, Path caPem, long streamWindow, int dropEvery) throws Exception {
        X509Certificate ca;
        try (var in = Files.newInputStream(caPem)) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        QuicSslContext tls = QuicSslContextBuilder.forClient().trustManager(ca)
                .applicationProtocols(Http3.supportedApplicationProtocols()).build();
        var codec = Http3.newQuicClientCodecBuilder()
                .sslEngineProvider(q -> tls.newEngine(q.alloc(), "localhost", port))
                .maxIdleTimeout(30, TimeUnit.SECONDS)
                .initialMaxData(64L << 20)
                .initialMaxStreamDataBidirectionalLocal(streamWindow)
                .build();
        try {
            udp = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    if (dropEvery > 0) {
                        ch.pipeline().addLast(new Lossy(dropEvery));
                    }
                    ch.pipeline().addLast(codec);
                }
            }).bind(0).sync().channel();
            quic = QuicChannel.newBootstrap(udp).handler(new Http3ClientConnectionHandler())
                    .remoteAddress(new InetSocketAddress("127.0.0.1", port)).connect().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    H3Client(int port, Path caPem) throws Exception {
        this(port, caPem, 4L << 20);
    }

    QuicChannel connection() {
        return quic;
    }

    /** GET (or another method) with extra fields {@code name, value, ...}; waits for the whole answer. */
    Reply get(String method, String path, String... fields) throws Exception {
        return open(method, path, true, fields).answer.get(60, TimeUnit.SECONDS);
    }

    Reply get(String path, String... fields) throws Exception {
        return get("GET", path, fields);
    }

    /** A request stream whose answer arrives in {@link #answer}; with {@code autoRead} off, read on demand. */
    Request open(String method, String path, boolean autoRead, String... fields) throws Exception {
        Http3Headers h = new DefaultHttp3Headers().method(method).scheme("https").authority("localhost").path(path);
        for (int i = 0; i < fields.length; i += 2) {
            h.add(fields[i].toLowerCase(Locale.ROOT), fields[i + 1]);
        }
        Request r = new Request();
        QuicStreamChannel stream = Http3.newRequestStream(quic, r).get(20, TimeUnit.SECONDS);
        stream.config().setAutoRead(autoRead);
        r.stream = stream;
        stream.writeAndFlush(new DefaultHttp3HeadersFrame(h)).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT).sync();
        if (!autoRead) {
            stream.read();
        }
        return r;
    }

    /** Drops every n-th small 1-RTT (short header) datagram received. */
    private static final class Lossy extends ChannelInboundHandlerAdapter {
        private final int every;
        private long seen;

        Lossy(int every) {
            this.every = every;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = ((io.netty.channel.socket.DatagramPacket) msg).content();
            boolean small = b.readableBytes() < 200 && (b.getByte(b.readerIndex()) & 0x80) == 0;
            if (small && ++seen % every == 0) {
                ReferenceCountUtil.release(msg);
            } else {
                ctx.fireChannelRead(msg);
            }
        }
    }

    /** One request's answer, collected as it arrives. */
    static final class Request extends Http3RequestStreamInboundHandler {
        final CompletableFuture<Reply> answer = new CompletableFuture<>();
        final CompletableFuture<Integer> head = new CompletableFuture<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private volatile long received;
        private int status;
        QuicStreamChannel stream;

        long received() {
            return received;
        }

        /** Reads on from now on. */
        void resume() {
            stream.eventLoop().execute(() -> {
                stream.config().setAutoRead(true);
                stream.read();
            });
        }

        @Override
        protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
            if (status == 0) {
                status = Integer.parseInt(frame.headers().status().toString());
                frame.headers().forEach(e -> {
                    if (e.getKey().charAt(0) != ':') {
                        headers.putIfAbsent(e.getKey().toString(), e.getValue().toString());
                    }
                });
                head.complete(status);
            }
        }

        @Override
        protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) {
            ByteBuf b = frame.content();
            received += b.readableBytes();
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            body.writeBytes(bytes);
            frame.release();
        }

        @Override
        protected void channelInputClosed(ChannelHandlerContext ctx) {
            answer.complete(new Reply(status, headers, body.toByteArray()));
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (!ctx.channel().config().isAutoRead() && head.isDone() == false) {
                ctx.read();
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            answer.completeExceptionally(new IllegalStateException("the stream closed before its end"));
            head.completeExceptionally(new IllegalStateException("the stream closed before a head"));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            answer.completeExceptionally(cause);
            head.completeExceptionally(cause);
            ctx.close();
        }
    }

    @Override
    public void close() {
        quic.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        udp.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
