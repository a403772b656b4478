package org.camelot.protocol.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP semantics of one listener, the same under every wire: a request in, a typed {@link Answer} out. It
 * checks the request, finds the route, lets it answer, and applies what every answer needs (conditionals, ranges,
 * compression, error pages); once the wire has sent the answer it writes the access log line and counts it.
 */
public final class HttpService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpService.class);

    private final HttpSettings settings;
    private final RouteTable routes;
    private final boolean tls;
    private final Executor blocking;
    private final Answers answers;
    private final AccessLog accessLog;
    private final RequestMeters requestMeters;
    private volatile AsciiString altSvc;
    private volatile byte[] altSvcLine = new byte[0];

    HttpService(String listener, HttpSettings settings, RouteTable routes, boolean tls, Executor blocking,
                MeterRegistry meters) {
        this.settings = settings;
        this.routes = routes;
        this.tls = tls;
        this.blocking = blocking;
        this.answers = new Answers(settings);
        this.accessLog = new AccessLog(listener);
        this.requestMeters = new RequestMeters(listener, meters);
    }

    public HttpSettings settings() {
        return settings;
    }

    /** Whether the listener's connections are TLS. */
    public boolean tls() {
        return tls;
    }

    /**
     * The {@code Alt-Svc} value that HTTP/1.1 and HTTP/2 answers carry (RFC 7838), such as
     * {@code h3=":443"; ma=86400}, or {@code null} when the listener serves no other protocol.
     */
    public AsciiString altSvc() {
        return altSvc;
    }

    /** {@code Alt-Svc: value\r\n} for an HTTP/1.1 head, or no bytes. */
    public byte[] altSvcLine() {
        return altSvcLine;
    }

    /** Sets the {@code Alt-Svc} value; told by the HTTP/3 side once its port is bound. */
    public void altSvc(String value) {
        this.altSvc = value == null ? null : AsciiString.cached(value);
        this.altSvcLine = value == null ? new byte[0]
                : ("Alt-Svc: " + value + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The executor for blocking work (file reads). */
    public Executor blocking() {
        return blocking;
    }

    /**
     * What is wrong with a request before any route sees it, or {@code null}: a malformed target or query (400),
     * too many header fields (431). The wire checks its own framing first.
     */
    public HttpResponseStatus check(Exchange ex) {
        if (ex.headers().size() > settings.maxHeaderCount()) {
            return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        if (!ex.wellFormed() || !ex.decodeQuery()) {
            return HttpResponseStatus.BAD_REQUEST;
        }
        return null;
    }

    /**
     * Answers a checked request: 405 for a method other than GET and HEAD, 404 where no route is mounted, else the
     * route's answer (500 when it fails). {@code done} is called once, on {@code loop}, possibly before this
     * returns; if the loop is gone the answer is freed instead.
     */
    public void serve(Exchange ex, EventExecutor loop, Consumer<Answer> done) {
        HttpMethod method = ex.method();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            done.accept(error(ex, HttpResponseStatus.METHOD_NOT_ALLOWED));
            return;
        }
        RouteTable.Mount mount = routes.match(ex.path());
        if (mount == null) {
            done.accept(error(ex, HttpResponseStatus.NOT_FOUND));
            return;
        }
        ex.routePath(mount.routePath(ex.path()));
        CompletionStage<Response> stage;
        try {
            stage = mount.route().handle(ex);
        } catch (RuntimeException e) {
            done.accept(answer(ex, null, e));
            return;
        }
        if (stage == null) {
            done.accept(answer(ex, null, new NullPointerException("the route answered null")));
            return;
        }
        if (stage.getClass() == CompletableFuture.class && loop.inEventLoop()
                && stage instanceof CompletableFuture<Response> f && f.isDone()) {
            // A route that answered at once (a cached file): no callback to allocate and run. (Not for a subclass
            // such as a minimal stage, whose join throws.)
            Response response = null;
            Throwable error = null;
            try {
                response = f.join();
            } catch (CompletionException | CancellationException e) {
                error = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            }
            done.accept(answer(ex, response, error));
            return;
        }
        stage.whenComplete((response, error) -> {
            if (loop.inEventLoop()) {
                done.accept(answer(ex, response, error));
            } else {
                try {
                    loop.execute(() -> done.accept(answer(ex, response, error)));
                } catch (RejectedExecutionException e) {
                    if (response != null) {
                        response.discard();
                    }
                }
            }
        });
    }

    private Answer answer(Exchange ex, Response response, Throwable error) {
        if (error != null || response == null) {
            log.warn("{}: route failed on {}", ex.remote(), ex, error);
            if (response != null) {
                response.discard();
            }
            return error(ex, HttpResponseStatus.INTERNAL_SERVER_ERROR);
        }
        try {
            return answers.prepare(ex, response, ex.alloc());
        } catch (RuntimeException e) {
            log.warn("{}: cannot send the answer to {}", ex.remote(), ex, e);
            response.discard();
            return error(ex, HttpResponseStatus.INTERNAL_SERVER_ERROR);
        }
    }

    /** The listener's own answer with this status and its error page ({@code ex} may be a request that failed to decode). */
    public Answer error(Exchange ex, HttpResponseStatus status) {
        return answers.error(ex, status);
    }

    /**
     * An answer is out, or lost with its connection or stream: writes the access log line and counts it.
     *
     * @param bodyBytes the body bytes sent
     */
    public void sent(Exchange ex, Answer answer, long bodyBytes, boolean success) {
        requestMeters.count(answer.status().code(), ex.protocol());
        if (accessLog.enabled()) {
            accessLog.log(ex.remote(), ex.requestLine(), answer.status().code(), success ? bodyBytes : 0,
                    ex.headers().get(HttpHeaderNames.REFERER), ex.headers().get(HttpHeaderNames.USER_AGENT));
        }
    }

    @Override
    public void close() {
        routes.close();
    }
}
