package org.camelot.server.admin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import org.camelot.protocol.ClientAddress;
import org.camelot.server.DaemonStatus;

/** Answers the admin endpoints. Requests are small and answered from memory, on the event loop. */
@ChannelHandler.Sharable
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
    /** The page may run its own inline script and style and fetch from this listener, and nothing else. */
    private static final String PAGE_POLICY = "default-src 'none'; script-src 'unsafe-inline'; "
            + "style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'";
    private static final String STATUS_PAGE = StatusPage.text();

    private final DaemonStatus daemon;
    private final boolean allowRemote;

    AdminHandler(DaemonStatus daemon, boolean allowRemote) {
        this.daemon = daemon;
        this.allowRemote = allowRemote;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        // Checked per request: behind a balancer the client address is known only once the PROXY header is read.
        SocketAddress client = ClientAddress.of(ctx.channel());
        if (!allowRemote && !(client instanceof InetSocketAddress a && a.getAddress().isLoopbackAddress())) {
            ctx.close();
            return;
        }
        if (!request.decoderResult().isSuccess()) {
            send(ctx, request, HttpResponseStatus.BAD_REQUEST, "text/plain; charset=utf-8", "bad request\n", false);
            return;
        }
        HttpMethod method = request.method();
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            FullHttpResponse r = response(HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8",
                    "method not allowed\n", method.equals(HttpMethod.HEAD));
            r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            write(ctx, request, r);
            return;
        }
        boolean head = method.equals(HttpMethod.HEAD);
        DaemonStatus.State state = daemon.state();
        switch (new QueryStringDecoder(request.uri()).path()) {
            case "/healthz" -> {
                boolean healthy = state == DaemonStatus.State.SERVING || state == DaemonStatus.State.STARTING;
                send(ctx, request, healthy ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "text/plain; charset=utf-8", healthy ? "ok\n" : state.name().toLowerCase() + "\n", head);
            }
            case "/readyz" -> {
                boolean ready = state == DaemonStatus.State.SERVING;
                send(ctx, request, ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "text/plain; charset=utf-8", ready ? "ready\n" : state.name().toLowerCase() + "\n", head);
            }
            case "/metrics" -> send(ctx, request, HttpResponseStatus.OK, PROMETHEUS, daemon.scrape(), head);
            case "/status" -> {
                FullHttpResponse r = response(HttpResponseStatus.OK, "text/html; charset=utf-8", STATUS_PAGE, head);
                r.headers().set("Content-Security-Policy", PAGE_POLICY).set("X-Content-Type-Options", "nosniff");
                write(ctx, request, r);
            }
            case "/status.json" -> send(ctx, request, HttpResponseStatus.OK, "application/json",
                    daemon.statusJson(), head);
            default -> send(ctx, request, HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8",
                    "not found: try /healthz, /readyz, /metrics, /status or /status.json\n", head);
        }
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                             String type, String body, boolean head) {
        write(ctx, request, response(status, type, body, head));
    }

    private static FullHttpResponse response(HttpResponseStatus status, String type, String body, boolean head) {
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        int length = content.readableBytes();
        if (head) {
            content.release();
            content = Unpooled.EMPTY_BUFFER;
        }
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return r;
    }

    private static void write(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
        HttpUtil.setKeepAlive(response, keepAlive);
        var f = ctx.writeAndFlush(response);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
