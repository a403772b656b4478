package org.camelot.protocol.http.h2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.camelot.protocol.http.Answer;
import org.camelot.protocol.http.Exchange;
import org.camelot.protocol.http.HostHeader;
import org.camelot.protocol.http.HttpService;
import org.camelot.protocol.http.PseudoHeaders;
import org.camelot.protocol.http.StreamAnswer;
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
    private final StreamAnswer answer;
    private ChannelHandlerContext ctx;
    private Exchange exchange;
    private long expectedLength = -1;
    private long received;
    private boolean complete;
    private boolean ready;
    private boolean answered;
    private ScheduledFuture<?> timeout;

    Http2Stream(Http2Wire wire) {
        this.wire = wire;
        this.service = wire.service();
        this.answer = new StreamAnswer(service, new Http2Sink(wire.serverHeader(), service));
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
        exchange = new Exchange(ctx.channel().parent(), ctx.alloc(), service.tls(), PROTOCOL,
                PseudoHeaders.request(h, h.method(), h.path(), h.authority()));
        if (frame.isEndStream()) {
            end();
        } else {
            timeout = ctx.executor().schedule(this::timedOut,
                    service.settings().requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
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
        answer.send(ctx, exchange, a);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            answer.writable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** The stream was reset or closed before its answer was out: free what it holds. */
    private void abort() {
        cancelTimeout();
        complete = true;
        answer.abort();
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
