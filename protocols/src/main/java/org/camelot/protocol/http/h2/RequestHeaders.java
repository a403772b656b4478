package org.camelot.protocol.http.h2;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.util.Map;

/**
 * The checks of RFC 9113 8.2 and 8.3 on a request's header block that Netty's decoder leaves to the application:
 * the pseudo-header fields present once each, no connection-specific fields, {@code TE} only as {@code trailers}.
 */
final class RequestHeaders {

    private static final AsciiString[] CONNECTION_SPECIFIC = {
            HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_CONNECTION,
            HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE};

    private RequestHeaders() {
    }

    /** What makes the request malformed, or {@code null}. */
    static String problem(Http2Headers h) {
        int method = 0;
        int scheme = 0;
        int path = 0;
        int authority = 0;
        for (Map.Entry<CharSequence, CharSequence> e : h) {
            CharSequence name = e.getKey();
            if (name.length() > 0 && name.charAt(0) == ':') {
                if (Http2Headers.PseudoHeaderName.METHOD.value().contentEquals(name)) {
                    method++;
                } else if (Http2Headers.PseudoHeaderName.SCHEME.value().contentEquals(name)) {
                    scheme++;
                } else if (Http2Headers.PseudoHeaderName.PATH.value().contentEquals(name)) {
                    path++;
                    if (e.getValue().length() == 0) {
                        return "empty :path";
                    }
                } else if (Http2Headers.PseudoHeaderName.AUTHORITY.value().contentEquals(name)) {
                    authority++;
                } else if (!Http2Headers.PseudoHeaderName.PROTOCOL.value().contentEquals(name)) {
                    return "pseudo-header field " + name + " in a request";
                }
                continue;
            }
            for (AsciiString c : CONNECTION_SPECIFIC) {
                if (c.contentEqualsIgnoreCase(name)) {
                    return "connection-specific field " + name;
                }
            }
            if (HttpHeaderNames.TE.contentEqualsIgnoreCase(name)
                    && !HttpHeaderValues.TRAILERS.contentEqualsIgnoreCase(e.getValue())) {
                return "te: " + e.getValue();
            }
        }
        if (method != 1 || authority > 1) {
            return "not exactly one :method";
        }
        if ("CONNECT".contentEquals(h.method())) {
            return scheme == 0 && path == 0 && authority == 1 ? null : "CONNECT with :scheme or :path";
        }
        if (scheme != 1 || path != 1) {
            return "not exactly one :scheme and one :path";
        }
        return null;
    }
}
