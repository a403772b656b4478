package org.camelot.protocol.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a route's {@link Response} into an {@link Answer}: evaluates preconditions (304, 412), compresses,
 * serves byte ranges (206, 416), adds error pages, drops the body of a HEAD answer and encodes the head.
 */
final class Answers {

    /** A body this small goes out in the same buffer as the head. */
    private static final int MERGE_LIMIT = 2048;

    private final byte[] serverLine;
    private final ErrorPages errorPages;
    private final int gzipLevel;
    private final int gzipMinLength;
    private final int maxRanges;

    Answers(HttpSettings settings) {
        this.serverLine = settings.serverHeader().isEmpty() ? new byte[0]
                : ("Server: " + settings.serverHeader() + "\r\n").getBytes(StandardCharsets.US_ASCII);
        this.errorPages = new ErrorPages(settings.serverHeader());
        this.gzipLevel = settings.gzipLevel();
        this.gzipMinLength = settings.gzipMinLength();
        this.maxRanges = settings.maxRanges();
    }

    /** The answer to {@code ex}; {@code response} is consumed. */
    Answer prepare(Exchange ex, Response response, boolean keepAlive, ByteBufAllocator alloc) {
        HttpResponseStatus status = response.status();
        HttpHeaders request = ex.headers();
        String etag = response.etag();
        long lastModified = response.lastModified();
        if (status.code() == 200 && (etag != null || lastModified >= 0 || request.contains(HttpHeaderNames.IF_MATCH))) {
            switch (Conditionals.evaluate(request, etag, lastModified)) {
                case NOT_MODIFIED -> {
                    response.discard();
                    return notModified(ex, response, keepAlive, alloc);
                }
                case PRECONDITION_FAILED -> {
                    response.discard();
                    return error(ex, HttpResponseStatus.PRECONDITION_FAILED, keepAlive, alloc);
                }
                default -> { }
            }
        }
        Body body = response.body();
        HttpHeaders headers = response.headersOrNull();
        boolean compressed = false;
        if (response.isCompressible() && status.code() == 200 && !(body instanceof Body.Empty)
                && !(body instanceof Body.File)
                && (headers == null || !headers.contains(HttpHeaderNames.CONTENT_ENCODING))
                && (body.length() < 0 || body.length() >= gzipMinLength) && ex.acceptsEncoding("gzip")) {
            body = compress(body, alloc);
            compressed = true;
            if (etag != null && !EntityTags.weak(etag)) {
                etag = "W/" + etag;
            }
        }
        boolean rangeable = !compressed && (body instanceof Body.Bytes || body instanceof Body.File);
        long length = body.length();
        List<Object> parts = new ArrayList<>(2);
        String contentRange = null;
        String multipartType = null;
        String requestedRange = request.get(HttpHeaderNames.RANGE);
        if (rangeable && status.code() == 200 && requestedRange != null && HttpMethod.GET.equals(ex.method())
                && Conditionals.rangeAllowed(request, etag, lastModified)) {
            ByteRanges ranges = ByteRanges.parse(requestedRange, length, maxRanges);
            if (ranges != null && ranges.unsatisfiable()) {
                body.discard();
                Answer a = error(ex, HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, keepAlive, alloc,
                        "bytes */" + length);
                return a;
            }
            if (ranges != null) {
                status = HttpResponseStatus.PARTIAL_CONTENT;
                if (ranges.ranges().size() == 1) {
                    long[] r = ranges.ranges().get(0);
                    contentRange = "bytes " + r[0] + "-" + r[1] + "/" + length;
                    parts.add(slice(body, r[0], r[1] - r[0] + 1));
                    length = r[1] - r[0] + 1;
                } else {
                    String type = headers == null ? null : headers.get(HttpHeaderNames.CONTENT_TYPE);
                    Multipart m = new Multipart(type, length);
                    Body whole = body;
                    length = m.build(ranges.ranges(), r -> slice(whole, r[0], r[1] - r[0] + 1), parts);
                    multipartType = m.contentType();
                }
                if (body instanceof Body.Bytes b) {
                    b.content().release();
                }
            }
        }
        if (parts.isEmpty() && status.code() != 206) {
            if (body instanceof Body.Bytes b) {
                parts.add(b.content());
            } else if (body instanceof Body.File f) {
                parts.add(new Answer.FileSlice(f.channel(), f.position(), f.count()));
            } else if (body instanceof Body.Stream s) {
                parts.add(s.input());
            }
        }
        boolean errorPage = false;
        if (status.code() >= 400 && body instanceof Body.Empty) {
            byte[] page = errorPages.page(status);
            length = page.length;
            errorPage = true;
            if (!ex.head()) {
                parts.add(io.netty.buffer.Unpooled.wrappedBuffer(page));
            }
        }
        boolean bodiless = status.code() == 204 || status.code() == 304 || status.code() < 200;
        boolean chunked = length < 0 && ex.version().equals(HttpVersion.HTTP_1_1);
        boolean close = !keepAlive || length < 0 && !chunked;
        ByteBuf head = alloc.ioBuffer(256);
        HeadEncoder.statusLine(head, status);
        head.writeBytes(serverLine).writeBytes(HttpDates.dateLine());
        if (errorPage) {
            HeadEncoder.header(head, HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        } else if (multipartType != null) {
            HeadEncoder.routeHeaders(head, withoutContentType(headers), false);
            HeadEncoder.header(head, HttpHeaderNames.CONTENT_TYPE, multipartType);
        } else {
            HeadEncoder.routeHeaders(head, headers, false);
        }
        if (compressed) {
            HeadEncoder.header(head, HttpHeaderNames.CONTENT_ENCODING, "gzip");
        }
        if (response.isCompressible() && !variesOnEncoding(headers)) {
            HeadEncoder.header(head, HttpHeaderNames.VARY, "Accept-Encoding");
        }
        if (etag != null) {
            HeadEncoder.header(head, HeadEncoder.ETAG, etag);
        }
        if (lastModified >= 0) {
            HeadEncoder.lastModified(head, lastModified);
        }
        if (rangeable) {
            HeadEncoder.header(head, HttpHeaderNames.ACCEPT_RANGES, "bytes");
        }
        if (contentRange != null) {
            HeadEncoder.header(head, HttpHeaderNames.CONTENT_RANGE, contentRange);
        }
        if (!bodiless) {
            if (length >= 0) {
                HeadEncoder.header(head, HttpHeaderNames.CONTENT_LENGTH, length);
            } else if (chunked) {
                HeadEncoder.header(head, HttpHeaderNames.TRANSFER_ENCODING, "chunked");
            }
        }
        connection(head, ex, close);
        HeadEncoder.end(head);
        Body resource = body instanceof Body.Bytes ? Body.EMPTY : body;
        if (ex.head() || bodiless) {
            parts.forEach(Answers::releasePart);
            parts.clear();
            resource.discard();
            resource = Body.EMPTY;
            length = 0;
        } else if (parts.size() == 1 && parts.get(0) instanceof ByteBuf small
                && small.readableBytes() <= MERGE_LIMIT) {
            head.writeBytes(small);
            small.release();
            parts.clear();
        }
        return new Answer(head, parts, chunked, resource, status.code(), length, close);
    }

    /** An answer the listener makes itself (400, 404, 405, 408, 414, 431, 500, ...), with its error page. */
    Answer error(Exchange ex, HttpResponseStatus status, boolean keepAlive, ByteBufAllocator alloc,
                 CharSequence... extraHeaders) {
        byte[] page = errorPages.page(status);
        ByteBuf head = alloc.ioBuffer(256 + page.length);
        HeadEncoder.statusLine(head, status);
        head.writeBytes(serverLine).writeBytes(HttpDates.dateLine());
        HeadEncoder.header(head, HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        if (status.code() == 416 && extraHeaders.length > 0) {
            HeadEncoder.header(head, HttpHeaderNames.CONTENT_RANGE, extraHeaders[0]);
        } else if (status.code() == 405) {
            HeadEncoder.header(head, HttpHeaderNames.ALLOW, "GET, HEAD");
        }
        HeadEncoder.header(head, HttpHeaderNames.CONTENT_LENGTH, page.length);
        connection(head, ex, !keepAlive);
        HeadEncoder.end(head);
        boolean head0 = ex != null && ex.head();
        if (!head0) {
            head.writeBytes(page);
        }
        return new Answer(head, List.of(), false, Body.EMPTY, status.code(), head0 ? 0 : page.length, !keepAlive);
    }

    private Answer notModified(Exchange ex, Response response, boolean keepAlive, ByteBufAllocator alloc) {
        ByteBuf head = alloc.ioBuffer(256);
        HeadEncoder.statusLine(head, HttpResponseStatus.NOT_MODIFIED);
        head.writeBytes(serverLine).writeBytes(HttpDates.dateLine());
        HeadEncoder.routeHeaders(head, response.headersOrNull(), true);
        String etag = response.etag();
        if (etag != null) {
            boolean weaken = response.isCompressible() && !EntityTags.weak(etag) && ex.acceptsEncoding("gzip");
            HeadEncoder.header(head, HeadEncoder.ETAG, weaken ? "W/" + etag : etag);
        }
        if (response.lastModified() >= 0) {
            HeadEncoder.lastModified(head, response.lastModified());
        }
        if (response.isCompressible() && !variesOnEncoding(response.headersOrNull())) {
            HeadEncoder.header(head, HttpHeaderNames.VARY, "Accept-Encoding");
        }
        connection(head, ex, !keepAlive);
        HeadEncoder.end(head);
        return new Answer(head, List.of(), false, Body.EMPTY, 304, 0, !keepAlive);
    }

    /** Whether the route's own {@code Vary} already names {@code Accept-Encoding} (or {@code *}). */
    private static boolean variesOnEncoding(HttpHeaders headers) {
        if (headers == null) {
            return false;
        }
        for (String v : headers.getAll(HttpHeaderNames.VARY)) {
            String lower = v.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("accept-encoding") || lower.trim().equals("*")) {
                return true;
            }
        }
        return false;
    }

    private static void connection(ByteBuf head, Exchange ex, boolean close) {
        if (close) {
            HeadEncoder.header(head, HttpHeaderNames.CONNECTION, "close");
        } else if (ex != null && ex.version().equals(HttpVersion.HTTP_1_0)) {
            HeadEncoder.header(head, HttpHeaderNames.CONNECTION, "keep-alive");
        }
    }

    private Body compress(Body body, ByteBufAllocator alloc) {
        if (body instanceof Body.Bytes b) {
            try {
                return new Body.Bytes(Gzip.compress(b.content(), gzipLevel, alloc));
            } finally {
                b.content().release();
            }
        }
        return new Body.Stream(new GzipInput(((Body.Stream) body).input(), gzipLevel));
    }

    private static Object slice(Body body, long from, long count) {
        if (body instanceof Body.Bytes b) {
            return b.content().retainedSlice(b.content().readerIndex() + (int) from, (int) count);
        }
        Body.File f = (Body.File) body;
        return new Answer.FileSlice(f.channel(), f.position() + from, count);
    }

    private static HttpHeaders withoutContentType(HttpHeaders headers) {
        if (headers == null || !headers.contains(HttpHeaderNames.CONTENT_TYPE)) {
            return headers;
        }
        return new io.netty.handler.codec.http.DefaultHttpHeaders().add(headers).remove(HttpHeaderNames.CONTENT_TYPE);
    }

    private static void releasePart(Object part) {
        if (part instanceof ByteBuf b) {
            b.release();
        }
    }
}
