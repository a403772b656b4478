package org.camelot.protocol.http.h2;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.camelot.protocol.http.Answer;
import org.camelot.protocol.http.Exchange;
import org.camelot.protocol.http.HostHeader;
import org.camelot.protocol.http.HttpService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 stream, on its own child channel: it turns the request's header block into a request for the
 * {@link HttpService} once the request is complete (END_STREAM; a body is read and dropped, as over HTTP/1.1),
 * and the typed answer into a HEADERS frame and DATA frames. A malformed request (RFC 9113 8.1.1) is refused with
 * RST_STREAM PROTOCOL_ERROR.
 */
final class Http2Stream extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(Http2Stream.class);
    private static final String PROTOCOL = "HTTP/2.0";

    private final Http2Wire wire;
    private final HttpService service;
    private ChannelHandlerContext ctx;
    private Exchange exchange;
    private long expectedLength = -1;
    private long received;
    private boolean complete;
    private boolean ready;
    private boolean answered;
    private Answer answer;
    private DataPump pump;
    private ScheduledFuture<?> timeout;

    Http2Stream(Http2Wire wire) {
        this.wire = wire;
        this.service = wire.service();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http2HeadersFrame h) {
                headers(h);
            } else if (msg instanceof Http2DataFrame d) {
                received += d.content().readableBytes();
                if (d.isEndStream()) {
                    end();
                }
            } else if (msg instanceof Http2ResetFrame) {
                abort();
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void headers(Http2HeadersFrame frame) {
        if (exchange != null || complete) {
            // trailers: they must end the stream (RFC 9113 8.1)
            if (!frame.isEndStream() || complete) {
                malformed("trailers without END_STREAM");
                return;
            }
            for (Map.Entry<CharSequence, CharSequence> e : frame.headers()) {
                if (e.getKey().length() > 0 && e.getKey().charAt(0) == ':') {
                    malformed("pseudo-header field in trailers");
                    return;
                }
            }
            end();
            return;
        }
        Http2Headers h = frame.headers();
        String problem = RequestHeaders.problem(h);
        if (problem != null) {
            malformed(problem);
            return;
        }
        CharSequence length = h.get(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null) {
            try {
                expectedLength = Long.parseLong(length.toString());
            } catch (NumberFormatException e) {
                malformed("content-length " + length);
                return;
            }
        }
        exchange = new Exchange(ctx.channel().parent(), ctx.alloc(), service.tls(), PROTOCOL, request(h));
        if (frame.isEndStream()) {
            end();
        } else {
            timeout = ctx.executor().schedule(this::timedOut,
                    service.settings().requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** The request as HTTP/1.1 semantics see it: pseudo-header fields to method, target and {@code Host}. */
    private static HttpRequest request(Http2Headers h) {
        HttpHeaders headers = new DefaultHttpHeaders(false);
        StringBuilder cookies = null;
        for (Map.Entry<CharSequence, CharSequence> e : h) {
            CharSequence name = e.getKey();
            if (name.length() > 0 && name.charAt(0) == ':') {
                continue;
            }
            if (HttpHeaderNames.COOKIE.contentEqualsIgnoreCase(name)) {
                // RFC 9113 8.2.3: split cookie fields are joined with "; " for an HTTP/1.1 view
                cookies = cookies == null ? new StringBuilder() : cookies.append("; ");
                cookies.append(e.getValue());
                continue;
            }
            headers.add(name, e.getValue());
        }
        if (cookies != null) {
            headers.set(HttpHeaderNames.COOKIE, cookies.toString());
        }
        if (h.authority() != null && !headers.contains(HttpHeaderNames.HOST)) {
            headers.set(HttpHeaderNames.HOST, h.authority());
        }
        HttpMethod method = HttpMethod.valueOf(h.method().toString());
        String path = h.path() == null ? "*" : h.path().toString();
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, path, headers);
    }

    /** The request is complete: check its length and answer it. */
    private void end() {
        if (complete) {
            return;
        }
        complete = true;
        cancelTimeout();
        if (expectedLength >= 0 && expectedLength != received) {
            malformed("content-length " + expectedLength + " but " + received + " bytes of DATA");
            return;
        }
        ready = true;
    }

    /**
     * Serves a complete request once the connection's read is done rather than as soon as its last frame is read:
     * frames read with it that make the stream or the connection fail (a DATA frame after END_STREAM, a smaller
     * stream id) are then answered with the error first, and the answers of a batch of streams are flushed once.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (ready) {
            ready = false;
            serve();
        }
        ctx.fireChannelReadComplete();
    }

    private void serve() {
        if (answered || !ctx.channel().isActive()) {
            return;
        }
        Exchange ex = exchange;
        HttpResponseStatus problem = service.check(ex);
        String host = ex.headers().get(HttpHeaderNames.HOST);
        if (problem == null && host != null && !HostHeader.valid(host)) {
            // :authority (or Host) must be a host as over HTTP/1.1
            problem = HttpResponseStatus.BAD_REQUEST;
        }
        if (problem != null) {
            send(service.error(ex, problem));
            return;
        }
        service.serve(ex, ctx.executor(), this::send);
    }

    private void timedOut() {
        timeout = null;
        if (!complete && !answered) {
            complete = true;
            log.debug("{}: request body not read within the request timeout", ctx.channel().parent().remoteAddress());
            send(service.error(exchange, HttpResponseStatus.REQUEST_TIMEOUT));
        }
    }

    private void malformed(String why) {
        log.debug("{}: malformed request on stream {}: {}", ctx.channel().parent().remoteAddress(),
                ctx.channel().id(), why);
        complete = true;
        answered = true;
        cancelTimeout();
        ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR));
    }

    private void send(Answer a) {
        if (answered || !ctx.channel().isActive()) {
            a.discard();
            return;
        }
        answered = true;
        answer = a;
        Http2Headers headers = Http2Heads.of(a, wire.serverHeader());
        if (service.altSvc() != null) {
            headers.add(io.netty.handler.codec.http.HttpHeaderNames.ALT_SVC, service.altSvc());
        }
        List<Answer.Part> parts = a.parts();
        if (parts.isEmpty()) {
            ctx.writeAndFlush(new DefaultHttp2HeadersFrame(headers, true)).addListener(f -> sent(0, f.isSuccess()));
        } else if (a.inMemory()) {
            ctx.write(new DefaultHttp2HeadersFrame(headers, false), ctx.voidPromise());
            long bytes = 0;
            ChannelFuture last = null;
            for (int i = 0; i < parts.size(); i++) {
                Answer.Bytes b = (Answer.Bytes) parts.get(i);
                bytes += b.content().readableBytes();
                last = ctx.write(new DefaultHttp2DataFrame(b.content(), i == parts.size() - 1));
            }
            ctx.flush();
            long total = bytes;
            last.addListener(f -> sent(total, f.isSuccess()));
        } else {
            ctx.write(new DefaultHttp2HeadersFrame(headers, false), ctx.voidPromise());
            pump = new DataPump(ctx, service.blocking(), parts, (bytes, success) -> {
                pump = null;
                sent(bytes, success);
            });
            pump.pump();
            ctx.flush();
        }
    }

    private void sent(long bytes, boolean success) {
        Answer a = answer;
        if (a == null) {
            return;
        }
        answer = null;
        a.resource().discard();
        service.sent(exchange, a, bytes, success);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && pump != null) {
            pump.pump();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** The stream was reset or closed before its answer was out: free what it holds. */
    private void abort() {
        cancelTimeout();
        complete = true;
        // An answer in memory is already written: its writes fail and report it. A pumped one stops here.
        if (pump != null) {
            DataPump p = pump;
            pump = null;
            p.abort();
        }
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        abort();
        answered = true;
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Http2Exception) {
            // a stream error the codec found: it resets the stream with the right error code itself
            log.debug("{}: {}", ctx.channel().parent().remoteAddress(), cause.toString());
            abort();
            return;
        }
        if (cause instanceof IOException) {
            log.debug("{}: {}", ctx.channel().parent().remoteAddress(), cause.toString());
        } else {
            log.warn("{}: stream failed", ctx.channel().parent().remoteAddress(), cause);
        }
        abort();
        ctx.close();
    }
}
