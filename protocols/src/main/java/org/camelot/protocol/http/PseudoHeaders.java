package org.camelot.protocol.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;

/** A request's field section from HTTP/2 or HTTP/3 as HTTP/1.1 semantics see it. */
public final class PseudoHeaders {

    private PseudoHeaders() {
    }

    /**
     * Pseudo-header fields to method, target and {@code Host}; split cookie fields joined with "; " (RFC 9113
     * 8.2.3, RFC 9114 4.2.1).
     *
     * @param fields    the field section, pseudo-header fields included (they are skipped)
     * @param path      {@code :path}, or {@code null} (CONNECT): the target is then {@code *}
     * @param authority {@code :authority}, or {@code null}
     */
    public static HttpRequest request(Iterable<Map.Entry<CharSequence, CharSequence>> fields, CharSequence method,
                                      CharSequence path, CharSequence authority) {
        HttpHeaders headers = new DefaultHttpHeaders(false);
        StringBuilder cookies = null;
        for (Map.Entry<CharSequence, CharSequence> e : fields) {
            CharSequence name = e.getKey();
            if (name.length() > 0 && name.charAt(0) == ':') {
                continue;
            }
            if (HttpHeaderNames.COOKIE.contentEqualsIgnoreCase(name)) {
                cookies = cookies == null ? new StringBuilder() : cookies.append("; ");
                cookies.append(e.getValue());
                continue;
            }
            headers.add(name, e.getValue());
        }
        if (cookies != null) {
            headers.set(HttpHeaderNames.COOKIE, cookies.toString());
        }
        if (authority != null && !headers.contains(HttpHeaderNames.HOST)) {
            headers.set(HttpHeaderNames.HOST, authority);
        }
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method.toString()),
                path == null ? "*" : path.toString(), headers);
    }
}
