package org.camelot.protocol.http.h1;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import org.camelot.protocol.DrainEvent;
import org.camelot.protocol.QuietDrain;
import org.camelot.protocol.http.Answer;
import org.camelot.protocol.http.Exchange;
import org.camelot.protocol.http.HostHeader;
import org.camelot.protocol.http.HttpService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.x connection: takes decoded requests, has the routes answer them, and sends the answers in request
 * order. Answers to requests that arrive together are written together and flushed once; a request waits while
 * {@code max-pipelined} answers are still being sent, and reading pauses while too many requests wait.
 */
final class HttpConnection extends ChannelInboundHandlerAdapter implements ConnectionClock.Expiry {

    private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);
    private static final long CORK_THRESHOLD = 256 * 1024;
    /** A body this small goes out in the same buffer as the head. */
    private static final int MERGE_LIMIT = 2048;

    private final Http1Wire wire;
    private final HttpService service;
    private final ConnectionClock clock;
    private final RequestDecoder decoder;
    private final QuietDrain quiet = new QuietDrain(this::idle, this::closeIdle);
    private final ArrayDeque<HttpRequest> pending = new ArrayDeque<>(4);
    private final LastHead lastHead = new LastHead();
    /** The request whose body is being read, while {@link #bodyPending}. */
    private HttpRequest readingRequest;
    private ChannelHandlerContext ctx;
    /** The request whose route is answering, or whose body is being pumped. */
    private Exchange current;
    /** The last request taken in, whose parsed target the next one reuses when it asks for the same. */
    private Exchange previous;
    private BodyPump pump;
    private int inFlight;
    private int badRequests;
    private int answered;
    private boolean bodyPending;
    private boolean reading;
    private boolean needsFlush;
    private boolean closing;
    private boolean draining;
    private boolean readPaused;

    HttpConnection(Http1Wire wire, ConnectionClock clock, RequestDecoder decoder) {
        this.wire = wire;
        this.service = wire.service();
        this.clock = clock;
        this.decoder = decoder;
        clock.expiry(this);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        quiet.attach(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reading = true;
        quiet.activity();
        if (msg instanceof HttpRequest request) {
            boolean last = msg instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            bodyPending = !last;
            readingRequest = last ? null : request;
            if (closing) {
                return;
            }
            pending.add(request);
            next();
            updateClock();
        } else if (msg instanceof HttpContent content) {
            boolean failed = content.decoderResult().isFailure();
            content.release();
            if (failed) {
                badBody(content.decoderResult().cause());
            } else if (msg instanceof LastHttpContent) {
                bodyPending = false;
                readingRequest = null;
                updateClock();
            }
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reading = false;
        if (needsFlush) {
            needsFlush = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            if (pump != null) {
                pump.pump();
            } else {
                next();
                flush();
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == DrainEvent.INSTANCE) {
            draining = true;
            quiet.drain();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        pending.clear();
        current = null;
        if (pump != null) {
            BodyPump p = pump;
            pump = null;
            p.abort();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("{}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    @Override
    public void requestTimedOut() {
        log.debug("{}: request not read within the request timeout", ctx.channel().remoteAddress());
        if (current == null && inFlight == 0 && !closing) {
            HttpRequest none = new io.netty.handler.codec.http.DefaultHttpRequest(HttpVersion.HTTP_1_1,
                    HttpMethod.GET, "/");
            none.setDecoderResult(io.netty.handler.codec.DecoderResult.failure(new IOException("request timeout")));
            sendError(exchange(none), HttpResponseStatus.REQUEST_TIMEOUT, true);
            flush();
        } else {
            ctx.close();
        }
    }

    /**
     * The body of the request being read is malformed (a bad chunk size or extension, a bad chunk end or trailer):
     * the decoder discards everything after it, so the connection ends with a 400 and {@code Connection: close}.
     * The 400 replaces the request's own answer when that is not out yet; otherwise it follows it.
     */
    private void badBody(Throwable cause) {
        log.debug("{}: malformed request body: {}", ctx.channel().remoteAddress(), String.valueOf(cause));
        HttpRequest request = readingRequest;
        bodyPending = false;
        readingRequest = null;
        if (closing) {
            return;
        }
        if (request != null && pending.peekLast() == request) {
            pending.pollLast();
        } else if (request != null && current != null && pump == null && current.message() == request) {
            // The route is still working on it: its answer will be dropped when it comes (routeDone).
            current = null;
        }
        HttpRequest failed = new DefaultHttpRequest(HttpVersion.HTTP_1_1,
                request != null ? request.method() : HttpMethod.GET, request != null ? request.uri() : "/");
        // Whatever the cause (a too long chunk line included), a malformed body is a 400.
        failed.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("malformed request body", cause)));
        pending.add(failed);
        next();
        flush();
        updateClock();
    }

    /** Answers waiting requests while the pipelining window and the channel allow. */
    private void next() {
        while (current == null && !closing && !pending.isEmpty() && inFlight < service.settings().maxPipelined()
                && ctx.channel().isWritable()) {
            serve(pending.poll());
        }
        boolean pause = pending.size() >= service.settings().maxPipelined();
        if (pause != readPaused) {
            readPaused = pause;
            ctx.channel().config().setAutoRead(!pause);
        }
    }

    private Exchange exchange(HttpRequest request) {
        Exchange ex = new Exchange(ctx.channel(), ctx.alloc(), service.tls(), request.protocolVersion().text(),
                request, previous);
        previous = ex;
        return ex;
    }

    private void serve(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            HttpResponseStatus status = cause instanceof TooLongHttpLineException
                    ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                    : cause instanceof TooLongHttpHeaderException
                    ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE : HttpResponseStatus.BAD_REQUEST;
            log.debug("{}: malformed request: {}", ctx.channel().remoteAddress(), String.valueOf(cause));
            sendError(exchange(request), status, true);
            return;
        }
        if (request.protocolVersion().majorVersion() != 1) {
            sendError(exchange(request), HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, true);
            return;
        }
        Exchange ex = exchange(request);
        HttpResponseStatus problem = service.check(ex);
        if (problem == null && !hasOneHost(request)) {
            problem = HttpResponseStatus.BAD_REQUEST;
        }
        if (problem != null) {
            bad(ex, problem);
            return;
        }
        badRequests = 0;
        current = ex;
        service.serve(ex, ctx.executor(), answer -> routeDone(ex, answer));
    }

    /** One valid {@code Host} header, or none in an HTTP/1.0 request (RFC 9112 section 3.2). */
    private static boolean hasOneHost(HttpRequest request) {
        Iterator<String> hosts = request.headers().valueStringIterator(HttpHeaderNames.HOST);
        if (!hosts.hasNext()) {
            return !request.protocolVersion().equals(HttpVersion.HTTP_1_1);
        }
        String host = hosts.next();
        return !hosts.hasNext() && HostHeader.valid(host);
    }

    private void routeDone(Exchange ex, Answer answer) {
        if (ex != current || !ctx.channel().isActive()) {
            answer.discard();
            return;
        }
        current = null;
        send(ex, answer, !keepAlive(ex));
        if (!reading) {
            next();
            flush();
            updateClock();
        }
    }

    private void bad(Exchange ex, HttpResponseStatus status) {
        badRequests++;
        sendError(ex, status, badRequests >= service.settings().maxBadRequests() || !keepAlive(ex));
    }

    private void sendError(Exchange ex, HttpResponseStatus status, boolean close) {
        send(ex, service.error(ex, status), close);
    }

    /**
     * Whether the answer to {@code ex} keeps the connection open. While draining, only when more requests were
     * received already (pipelined, or partly read): they are answered too, and the last answer says close.
     */
    private boolean keepAlive(Exchange ex) {
        int max = service.settings().maxRequestsPerConnection();
        return !closing && !(draining && pending.isEmpty() && !decoder.holdsInput())
                && HttpUtil.isKeepAlive(ex.message()) && (max == 0 || answered + 1 < max)
                && !awaitsContinue(ex.message());
    }

    /**
     * Whether the client holds back the body of this request until told {@code 100 Continue}, which it never is:
     * answered early, it may send the body or not, so the bytes that follow cannot be told apart from its next
     * request. The answer closes the connection instead (the client retries its next request on a new one).
     */
    private boolean awaitsContinue(HttpRequest request) {
        return bodyPending && request == readingRequest && HttpUtil.is100ContinueExpected(request)
                && (HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0);
    }

    /** Nothing received is waiting for an answer, and no answer is being sent. */
    private boolean idle() {
        return !closing && current == null && inFlight == 0 && pending.isEmpty() && !bodyPending
                && !decoder.holdsInput();
    }

    private void closeIdle() {
        closing = true;
        ctx.close();
    }

    private void send(Exchange ex, Answer answer, boolean close) {
        inFlight++;
        answered++;
        boolean http11 = ex.version().equals(HttpVersion.HTTP_1_1);
        boolean chunked = answer.contentLength() == -1 && http11;
        // Without a length or chunked framing (HTTP/1.0), the end of the body is the end of the connection.
        boolean closes = close || answer.contentLength() == -1 && !chunked;
        if (closes) {
            closing = true;
            pending.clear();
        }
        List<Answer.Part> parts = answer.parts();
        ByteBuf merged = parts.size() == 1 && parts.get(0) instanceof Answer.Bytes small
                && small.content().readableBytes() <= MERGE_LIMIT ? small.content() : null;
        ByteBuf head = lastHead.encode(ctx.alloc(), answer, wire.serverLine(), closes, !http11, chunked,
                merged == null ? 0 : merged.readableBytes());
        if (merged != null) {
            head.writeBytes(merged);
            merged.release();
            parts = List.of();
        }
        long bodyBytes = answer.bodiless() || ex.head() ? 0 : Math.max(answer.contentLength(), 0);
        if (immediate(parts)) {
            // Corking costs two system calls: worth it only when the file fills several segments.
            boolean corked = bodyBytes >= CORK_THRESHOLD && !parts.isEmpty()
                    && TcpCork.set(ctx.channel(), true);
            ChannelFuture last = ctx.write(head);
            for (Answer.Part part : parts) {
                last = ctx.write(part instanceof Answer.FileSlice f
                        ? new SharedFileRegion(f.file(), f.position(), f.count()) : ((Answer.Bytes) part).content());
            }
            last.addListener(f -> {
                if (corked && f.isSuccess()) {
                    TcpCork.set(ctx.channel(), false);
                }
                sent(ex, answer, bodyBytes, closes, f.isSuccess());
            });
            needsFlush = true;
        } else {
            current = ex;
            pump = new BodyPump(ctx, service.blocking(), head, parts, chunked, service.tls(), (bytes, success) -> {
                pump = null;
                if (current == ex) {
                    current = null;
                }
                sent(ex, answer, bytes, closes, success);
            });
            pump.start();
        }
    }

    /** Whether every part can be handed to the channel at once (no file read over TLS, no stream). */
    private boolean immediate(List<Answer.Part> parts) {
        for (Answer.Part p : parts) {
            if (p instanceof Answer.Chunks || p instanceof Answer.FileSlice && service.tls()) {
                return false;
            }
        }
        return true;
    }

    /** An answer is out (or lost): log it, free it, and go on with the next request or close. */
    private void sent(Exchange ex, Answer answer, long bodyBytes, boolean close, boolean success) {
        inFlight--;
        answer.resource().discard();
        service.sent(ex, answer, bodyBytes, success);
        quiet.activity();
        if (!success || close) {
            closing = true;
            ctx.close();
            return;
        }
        next();
        flush();
        updateClock();
        if (draining) {
            quiet.drain();
        }
    }

    private void flush() {
        if (needsFlush && !reading) {
            needsFlush = false;
            ctx.flush();
        }
    }

    private void updateClock() {
        if (bodyPending) {
            clock.reading();
        } else if (current != null || inFlight > 0 || !pending.isEmpty()) {
            clock.answering();
        } else {
            clock.waiting();
        }
    }
}
