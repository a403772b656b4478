package org.camelot.client.bench;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetSocketAddress;
import java.net.URI;

/** HTTP/1.1 requests on kept-alive connections (reconnecting when the server closes one), over TLS for https. */
final class HttpWorkload implements Workload {

    private final URI uri;
    private final HttpMethod method;
    private final InetSocketAddress remote;
    private final ClientTls tls;

    /** @param tls the TLS context for an https URL, else {@code null} */
    HttpWorkload(URI uri, HttpMethod method, ClientTls tls) {
        this.remote = remote(uri, tls);
        this.uri = uri;
        this.method = method;
        this.tls = "https".equalsIgnoreCase(uri.getScheme()) ? tls : null;
    }

    /** Where an http:// or https:// URL points; an https URL needs {@code tls}. */
    static InetSocketAddress remote(URI uri, ClientTls tls) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("URL " + uri + ": expected http://HOST[:PORT]/PATH or https://...");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("URL " + uri + ": no host");
        }
        if (scheme.equals("https") && tls == null) {
            throw new IllegalArgumentException("URL " + uri + ": https needs a TLS context");
        }
        return new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort()
                : scheme.equals("https") ? 443 : 80);
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public String target() {
        return method + " " + uri;
    }

    @Override
    public InetSocketAddress remote() {
        return remote;
    }

    @Override
    public boolean keepsConnection() {
        return true;
    }

    @Override
    public String operation() {
        return "request (HTTP/1.1, keep-alive)";
    }

    @Override
    public String protocol() {
        return "HTTP/1.1";
    }

    @Override
    public void initChannel(Channel ch) {
        if (tls != null) {
            ch.pipeline().addLast("tls", tls.newHandler(ch, remote));
        }
        ch.pipeline().addLast("http", new HttpClientCodec());
        ch.pipeline().addLast("request", new HttpRequestHandler(method, uri));
    }
}
