package org.camelot.client.bench.workload;

import io.netty.handler.codec.http.HttpMethod;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;

/**
 * Where an HTTP workload's requests go and what they ask for, read once from the URL.
 *
 * @param uri          the URL as given
 * @param method       GET or HEAD
 * @param tls          whether it is an https URL
 * @param remote       the server's address (the URL's port, or 80 or 443)
 * @param authority    the {@code Host} field or {@code :authority}: the host, and the port when the URL names one
 * @param pathAndQuery the request target: the raw path ({@code /} when empty) and the query
 */
record HttpTarget(URI uri, HttpMethod method, boolean tls, InetSocketAddress remote, String authority,
                  String pathAndQuery) {

    /** @throws IllegalArgumentException a URL that is not http:// or https://, or has no host */
    static HttpTarget of(URI uri, HttpMethod method) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("URL " + uri + ": expected http://HOST[:PORT]/PATH or https://...");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("URL " + uri + ": no host");
        }
        boolean tls = scheme.equals("https");
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return new HttpTarget(uri, method, tls,
                new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80),
                uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost(),
                uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
    }

    /** What the reports call the target: the method and the URL. */
    String display() {
        return method + " " + uri;
    }
}
