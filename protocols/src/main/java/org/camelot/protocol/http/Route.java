package org.camelot.protocol.http;

import java.util.concurrent.CompletionStage;

/**
 * Answers the requests whose path is the route's mount path or lies below it ({@code /birds} gets {@code /birds},
 * {@code /birds/} and {@code /birds/species}, not {@code /birdsong}); the longest matching mount path wins.
 *
 * <p>A route answers {@code GET} and {@code HEAD}; the listener answers every other method with 405 and
 * {@code Allow: GET, HEAD} without calling it. The listener also does what every answer needs, so a route only
 * describes its representation: it writes the status line, {@code Date}, {@code Server}, {@code Content-Length} or
 * chunked framing, keep-alive and pipelining in order; it evaluates conditional requests against the answer's
 * {@link Response#etag validators} (304, 412), serves byte ranges of a body of known length (206, 416), compresses
 * answers marked {@link Response#compressible} when the client accepts gzip, and drops the body of a {@code HEAD}
 * answer after taking its headers.
 */
public interface Route extends AutoCloseable {

    /**
     * Answers one request. Called on the connection's event loop, so it must not block: read files on
     * {@link RouteContext#listener()}'s blocking executor and complete the stage from there. The stage may complete
     * on any thread; answers to pipelined requests are still written in order. An exceptional completion is
     * logged and answered with 500.
     */
    CompletionStage<Response> handle(Request request);

    /** Releases what {@link RouteProvider#create} acquired; called once, after the listener stopped. */
    @Override
    default void close() {
    }
}
