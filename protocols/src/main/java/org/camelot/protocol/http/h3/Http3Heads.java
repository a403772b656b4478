package org.camelot.protocol.http.h3;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http3.DefaultHttp3Headers;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;
import org.camelot.protocol.http.Answer;
import org.camelot.protocol.http.HttpDates;

/** The HTTP/3 field section of an {@link Answer}: the same fields as the HTTP/2 header block, in lower case. */
final class Http3Heads {

    private Http3Heads() {
    }

    /** @param server the {@code Server} value, or {@code null} for none */
    static Http3Headers of(Answer answer, AsciiString server) {
        // Validation off: every name below is a constant or a route header made lower case here, and values were
        // checked when the route set them (HttpHeaders validates).
        Http3Headers h = new DefaultHttp3Headers(false);
        h.status(answer.status().codeAsText());
        if (server != null) {
            h.add(HttpHeaderNames.SERVER, server);
        }
        h.add(HttpHeaderNames.DATE, HttpDates.now());
        if (answer.contentType() != null) {
            h.add(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        }
        HttpHeaders route = answer.routeHeaders();
        if (route != null && !route.isEmpty()) {
            for (Iterator<Map.Entry<CharSequence, CharSequence>> it = route.iteratorCharSequence(); it.hasNext(); ) {
                Map.Entry<CharSequence, CharSequence> e = it.next();
                if (answer.routeHeader(e.getKey())) {
                    h.add(AsciiString.of(e.getKey()).toLowerCase(), e.getValue());
                }
            }
        }
        if (answer.contentEncoding() != null) {
            h.add(HttpHeaderNames.CONTENT_ENCODING, answer.contentEncoding());
        }
        if (answer.varyEncoding()) {
            h.add(HttpHeaderNames.VARY, "Accept-Encoding");
        }
        if (answer.etag() != null) {
            h.add(HttpHeaderNames.ETAG, answer.etag());
        }
        if (answer.lastModified() >= 0) {
            h.add(HttpHeaderNames.LAST_MODIFIED, HttpDates.format(answer.lastModified()));
        }
        if (answer.acceptRanges()) {
            h.add(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        }
        if (answer.contentRange() != null) {
            h.add(HttpHeaderNames.CONTENT_RANGE, answer.contentRange());
        }
        if (answer.allow() != null) {
            h.add(HttpHeaderNames.ALLOW, answer.allow());
        }
        if (answer.contentLength() >= 0) {
            h.addLong(HttpHeaderNames.CONTENT_LENGTH, answer.contentLength());
        }
        return h;
    }
}
