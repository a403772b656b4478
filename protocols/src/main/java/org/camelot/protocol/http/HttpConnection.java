package org.camelot.protocol.http;

import org.camelot.protocol.ClientAddress;
import io.netty.buffer.ByteBufAllocator;
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
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.camelot.protocol.DrainEvent;
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

    private final HttpProtocol protocol;
    private final ConnectionClock clock;
    private final ArrayDeque<HttpRequest> pending = new ArrayDeque<>(4);
    /** The request whose body is being read, while {@link #bodyPending}. */
    private HttpRequest readingRequest;
    private ChannelHandlerContext ctx;
    private String remote;
    /** The request whose route is answering, or whose body is being pumped. */
    private Exchange current;
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

    HttpConnection(HttpProtocol protocol, ConnectionClock clock) {
        this.protocol = protocol;
        this.clock = clock;
        clock.expiry(this);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** The client: behind a balancer speaking the PROXY protocol, the address its header gave. */
    InetSocketAddress remoteAddress() {
        return ClientAddress.of(ctx.channel()) instanceof InetSocketAddress a ? a : null;
    }

    boolean secure() {
        return protocol.tls();
    }

    ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    private String remote() {
        if (remote == null) {
            InetSocketAddress a = remoteAddress();
            remote = a != null ? a.getAddress().getHostAddress() : String.valueOf(ctx.channel().remoteAddress());
        }
        return remote;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reading = true;
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
            if (current == null && inFlight == 0) {
                closing = true;
                ctx.close();
            }
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
            sendError(new Exchange(this, none, null), HttpResponseStatus.REQUEST_TIMEOUT, true);
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
        while (current == null && !closing && !pending.isEmpty() && inFlight < protocol.settings().maxPipelined()
                && ctx.channel().isWritable()) {
            serve(pending.poll());
        }
        boolean pause = pending.size() >= protocol.settings().maxPipelined();
        if (pause != readPaused) {
            readPaused = pause;
            ctx.channel().config().setAutoRead(!pause);
        }
    }

    private void serve(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            HttpResponseStatus status = cause instanceof TooLongHttpLineException
                    ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                    : cause instanceof TooLongHttpHeaderException
                    ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE : HttpResponseStatus.BAD_REQUEST;
            log.debug("{}: malformed request: {}", ctx.channel().remoteAddress(), String.valueOf(cause));
            sendError(new Exchange(this, request, null), status, true);
            return;
        }
        if (request.protocolVersion().majorVersion() != 1) {
            sendError(new Exchange(this, request, null), HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, true);
            return;
        }
        RequestTarget target = RequestTarget.parse(request.uri());
        Exchange ex = new Exchange(this, request, target);
        if (request.headers().size() > protocol.settings().maxHeaderCount()) {
            bad(ex, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
            return;
        }
        if (target == null || !hasOneHost(request) || !ex.decodeQuery()) {
            bad(ex, HttpResponseStatus.BAD_REQUEST);
            return;
        }
        badRequests = 0;
        HttpMethod method = request.method();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            sendError(ex, HttpResponseStatus.METHOD_NOT_ALLOWED, !keepAlive(ex));
            return;
        }
        RouteTable.Mount mount = protocol.routes().match(target.path());
        if (mount == null) {
            sendError(ex, HttpResponseStatus.NOT_FOUND, !keepAlive(ex));
            return;
        }
        ex.routePath(mount.routePath(target.path()));
        current = ex;
        CompletionStage<Response> stage;
        try {
            stage = mount.route().handle(ex);
        } catch (RuntimeException e) {
            routeDone(ex, null, e);
            return;
        }
        if (stage == null) {
            routeDone(ex, null, new NullPointerException("the route answered null"));
            return;
        }
        stage.whenComplete((response, error) -> {
            if (ctx.executor().inEventLoop()) {
                routeDone(ex, response, error);
            } else {
                try {
                    ctx.executor().execute(() -> routeDone(ex, response, error));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    if (response != null) {
                        response.discard();
                    }
                }
            }
        });
    }

    /** One valid {@code Host} header, or none in an HTTP/1.0 request (RFC 9112 section 3.2). */
    private static boolean hasOneHost(HttpRequest request) {
        List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
        if (hosts.isEmpty()) {
            return !request.protocolVersion().equals(HttpVersion.HTTP_1_1);
        }
        return hosts.size() == 1 && HostHeader.valid(hosts.get(0));
    }

    private void routeDone(Exchange ex, Response response, Throwable error) {
        if (ex != current || !ctx.channel().isActive()) {
            if (response != null) {
                response.discard();
            }
            return;
        }
        current = null;
        Answer answer;
        if (error != null || response == null) {
            log.warn("{}: route failed on {}", ctx.channel().remoteAddress(), ex, error);
            if (response != null) {
                response.discard();
            }
            answer = protocol.answers().error(ex, HttpResponseStatus.INTERNAL_SERVER_ERROR, keepAlive(ex), ctx.alloc());
        } else {
            try {
                answer = protocol.answers().prepare(ex, response, keepAlive(ex), ctx.alloc());
            } catch (RuntimeException e) {
                log.warn("{}: cannot send the answer to {}", ctx.channel().remoteAddress(), ex, e);
                response.discard();
                answer = protocol.answers().error(ex, HttpResponseStatus.INTERNAL_SERVER_ERROR, keepAlive(ex),
                        ctx.alloc());
            }
        }
        send(ex, answer);
        if (!reading) {
            next();
            flush();
            updateClock();
        }
    }

    private void bad(Exchange ex, HttpResponseStatus status) {
        badRequests++;
        sendError(ex, status, badRequests >= protocol.settings().maxBadRequests() || !keepAlive(ex));
    }

    private void sendError(Exchange ex, HttpResponseStatus status, boolean close) {
        send(ex, protocol.answers().error(ex, status, !close, ctx.alloc()));
    }

    private boolean keepAlive(Exchange ex) {
        int max = protocol.settings().maxRequestsPerConnection();
        return !closing && !draining && HttpUtil.isKeepAlive(ex.message()) && (max == 0 || answered + 1 < max)
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

    private void send(Exchange ex, Answer answer) {
        inFlight++;
        answered++;
        ex.status = answer.status();
        if (answer.close()) {
            closing = true;
            pending.clear();
        }
        if (answer.immediate(protocol.tls())) {
            ex.bodyBytes = answer.bodyBytes();
            // Corking costs two system calls: worth it only when the file fills several segments.
            boolean corked = answer.bodyBytes() >= CORK_THRESHOLD && answer.sendsFile()
                    && TcpCork.set(ctx.channel(), true);
            ChannelFuture last = ctx.write(answer.head());
            for (Object part : answer.parts()) {
                last = ctx.write(part instanceof Answer.FileSlice f
                        ? new SharedFileRegion(f.file(), f.position(), f.count()) : part);
            }
            last.addListener(f -> {
                if (corked && f.isSuccess()) {
                    TcpCork.set(ctx.channel(), false);
                }
                sent(ex, answer, f.isSuccess());
            });
            needsFlush = true;
        } else {
            current = ex;
            pump = new BodyPump(ctx, protocol.blocking(), answer, protocol.tls(), (bytes, success) -> {
                ex.bodyBytes = bytes;
                pump = null;
                if (current == ex) {
                    current = null;
                }
                sent(ex, answer, success);
            });
            pump.start();
        }
    }

    /** An answer is out (or lost): log it, free it, and go on with the next request or close. */
    private void sent(Exchange ex, Answer answer, boolean success) {
        inFlight--;
        answer.resource().discard();
        protocol.requestMeters().count(ex.status);
        if (protocol.accessLog().enabled()) {
            protocol.accessLog().log(remote(), ex.requestLine(), ex.status, success ? ex.bodyBytes : 0,
                    ex.headers().get(HttpHeaderNames.REFERER), ex.headers().get(HttpHeaderNames.USER_AGENT));
        }
        if (!success || answer.close() || draining && inFlight == 0 && current == null) {
            closing = true;
            ctx.close();
            return;
        }
        next();
        flush();
        updateClock();
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
