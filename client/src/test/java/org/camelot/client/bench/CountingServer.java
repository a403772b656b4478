package org.camelot.client.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.DelimiterBasedFrameDecoder;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A small server for generator tests, on 127.0.0.1 and a free port, that counts what it sees: connections, and
 * requests (lines, questions, HTTP requests, datagrams). Built on plain Netty, independent of the Camelot server.
 */
final class CountingServer implements AutoCloseable {

    final AtomicLong connections = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private Channel channel;

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Answers each line in upper case; the first answer waits {@code stallMillis}. */
    static CountingServer upper(long stallMillis) {
        CountingServer s = new CountingServer();
        AtomicLong seen = new AtomicLong();
        return s.tcp(() -> new ChannelHandler[] {new LineBasedFrameDecoder(1024, false, false),
                new SimpleChannelInboundHandler<ByteBuf>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
                        s.requests.incrementAndGet();
                        ByteBuf reply = Unpooled.copiedBuffer(line.toString(StandardCharsets.UTF_8)
                                .toUpperCase(Locale.ROOT), StandardCharsets.UTF_8);
                        if (seen.getAndIncrement() == 0 && stallMillis > 0) {
                            ctx.executor().schedule(() -> ctx.writeAndFlush(reply), stallMillis, TimeUnit.MILLISECONDS);
                        } else {
                            ctx.writeAndFlush(reply);
                        }
                    }
                }});
    }

    /** Answers the three Launcelot questions (or a wrong answer to every one, for the error test). */
    static CountingServer launcelot(boolean wrong) {
        Map<String, String> answers = Map.of("What is your name?", "My name is Sir Launcelot of Camelot.",
                "What is your quest?", "To seek the Holy Grail.", "What is your favorite color?", "Blue.");
        CountingServer s = new CountingServer();
        return s.tcp(() -> new ChannelHandler[] {
                new DelimiterBasedFrameDecoder(1024, false, Unpooled.wrappedBuffer(new byte[] {'?'})),
                new SimpleChannelInboundHandler<ByteBuf>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf q) {
                        s.requests.incrementAndGet();
                        String a = wrong ? "Green." : answers.getOrDefault(q.toString(StandardCharsets.UTF_8),
                                "I do not know that.");
                        ctx.writeAndFlush(Unpooled.copiedBuffer(a, StandardCharsets.UTF_8));
                    }
                }});
    }

    /** Answers every request with 200 and a short body, except {@code /missing}: 404. */
    static CountingServer http() {
        CountingServer s = new CountingServer();
        return s.tcp(() -> new ChannelHandler[] {new HttpServerCodec(), new HttpObjectAggregator(65536),
                new SimpleChannelInboundHandler<FullHttpRequest>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                        s.requests.incrementAndGet();
                        HttpResponseStatus status = req.uri().startsWith("/missing")
                                ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.OK;
                        var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                                Unpooled.copiedBuffer("hello\n", StandardCharsets.UTF_8));
                        HttpUtil.setContentLength(res, res.content().readableBytes());
                        ctx.writeAndFlush(res);
                    }
                }});
    }

    /** Echoes every datagram. */
    static CountingServer udpEcho() {
        CountingServer s = new CountingServer();
        s.channel = new Bootstrap().group(s.group).channel(NioDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                        s.requests.incrementAndGet();
                        ctx.writeAndFlush(new DatagramPacket(p.content().retain(), p.sender()));
                    }
                }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
        return s;
    }

    private CountingServer tcp(Supplier<ChannelHandler[]> handlers) {
        channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.incrementAndGet();
                        ch.pipeline().addLast(handlers.get());
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }
                        });
                    }
                }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
        return this;
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
