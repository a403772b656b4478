package org.camelot.protocol.http.h3;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3ErrorCode;
import io.netty.handler.codec.http3.Http3Exception;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.handler.codec.quic.QuicException;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.camelot.protocol.http.Answer;
import org.camelot.protocol.http.Exchange;
import org.camelot.protocol.http.HttpService;
import org.camelot.protocol.http.PseudoHeaders;
import org.camelot.protocol.http.StreamAnswer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/3 request stream: it turns the request's field section into a request for the {@link HttpService} once
 * the client has ended its side of the stream (a body is read and dropped, as over HTTP/1.1 and HTTP/2), and the
 * typed answer into a HEADERS frame, DATA frames and the end of the stream. A malformed request (RFC 9114 4.1.2) is
 * refused with H3_MESSAGE_ERROR.
 */
final class Http3Stream extends Http3RequestStreamInboundHandler {

    private static final Logger log = LoggerFactory.getLogger(Http3Stream.class);
    private static final String PROTOCOL = "HTTP/3.0";

    private final Http3Endpoint endpoint;
    private final HttpService service;
    private final Http3Sink sink;
    private final StreamAnswer answer;
    private ChannelHandlerContext ctx;
    private Exchange exchange;
    private long expectedLength = -1;
    private long received;
    private boolean complete;
    private boolean answered;
    private ScheduledFuture<?> timeout;

    Http3Stream(Http3Endpoint endpoint) {
        this.endpoint = endpoint;
        this.service = endpoint.service();
        this.sink = new Http3Sink(endpoint.serverHeader());
        this.answer = new StreamAnswer(service, sink);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        // before the HTTP/3 codec, which is first in the stream's pipeline: it sees the codec's bytes
        ctx.pipeline().addFirst("h3-fin", sink.fin());
        timeout = ctx.executor().schedule(this::timedOut, service.settings().requestTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
    }

    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
        try {
            if (exchange != null) {
                return; // trailers: nothing in them is used
            }
            Http3Headers h = frame.headers();
            if (h.method() == null || h.path() == null && !"CONNECT".contentEquals(h.method())) {
                malformed("no :method or :path");
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
            exchange = new Exchange(ctx.channel().parent(), ctx.alloc(), true, PROTOCOL,
                    PseudoHeaders.request(h, h.method(), h.path(), h.authority()));
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) {
        received += frame.content().readableBytes();
        frame.release();
    }

    /** The client ended its side: the request is complete; answer it. */
    @Override
    protected void channelInputClosed(ChannelHandlerContext ctx) {
        if (complete) {
            return;
        }
        complete = true;
        cancelTimeout();
        if (exchange == null) {
            malformed("the stream ended before a HEADERS frame");
            return;
        }
        if (expectedLength >= 0 && expectedLength != received) {
            malformed("content-length " + expectedLength + " but " + received + " bytes of DATA");
            return;
        }
        serve();
    }

    private void serve() {
        if (answered || !ctx.channel().isActive()) {
            return;
        }
        Exchange ex = exchange;
        HttpResponseStatus problem = service.check(ex);
        if (problem != null) {
            send(service.error(ex, problem));
            return;
        }
        service.serve(ex, ctx.executor(), this::send);
    }

    private void timedOut() {
        timeout = null;
        if (complete || answered) {
            return;
        }
        complete = true;
        log.debug("{}: request not read within the request timeout", endpoint.remote(ctx));
        if (exchange == null) {
            reset(Http3ErrorCode.H3_REQUEST_INCOMPLETE);
        } else {
            send(service.error(exchange, HttpResponseStatus.REQUEST_TIMEOUT));
        }
    }

    private void malformed(String why) {
        log.debug("{}: malformed request on stream {}: {}", endpoint.remote(ctx),
                ((QuicStreamChannel) ctx.channel()).streamId(), why);
        complete = true;
        cancelTimeout();
        reset(Http3ErrorCode.H3_MESSAGE_ERROR);
    }

    /** Ends both directions of the stream with an error code (RESET_STREAM and STOP_SENDING). */
    private void reset(Http3ErrorCode code) {
        answered = true;
        QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
        stream.shutdown(code.code(), stream.newPromise()).addListener(f -> stream.close());
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
    protected void handleQuicException(ChannelHandlerContext ctx, QuicException cause) {
        log.debug("{}: {}", endpoint.remote(ctx), cause.toString());
        abort();
        ctx.close();
    }

    @Override
    protected void handleHttp3Exception(ChannelHandlerContext ctx, Http3Exception cause) {
        log.debug("{}: {}", endpoint.remote(ctx), cause.toString());
        abort();
        super.handleHttp3Exception(ctx, cause);
    }
}
