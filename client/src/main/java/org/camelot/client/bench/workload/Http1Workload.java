package org.camelot.client.bench.workload;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.SslContext;
import java.net.URI;

/** HTTP/1.1 requests on kept-alive connections (reconnecting when the server closes one), over TLS for https. */
public final class Http1Workload extends HttpWorkload {

    private final SslContext tls;

    /**
     * @param tls the TLS context for an https URL, else {@code null}
     * @throws IllegalArgumentException a URL that is not http:// or https://, or an https URL without {@code tls}
     */
    public Http1Workload(URI uri, HttpMethod method, SslContext tls) {
        super(HttpTarget.of(uri, method), 0, "HTTP/1.1");
        this.tls = tlsFor(target, tls);
    }

    /** The TLS context for {@code target}: {@code tls} for an https URL (which needs one), else none. */
    static SslContext tlsFor(HttpTarget target, SslContext tls) {
        if (target.tls() && tls == null) {
            throw new IllegalArgumentException("URL " + target.uri() + ": https needs a TLS context");
        }
        return target.tls() ? tls : null;
    }

    @Override
    public void initChannel(Channel ch) {
        if (tls != null) {
            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), remote().getHostString(), remote().getPort()));
        }
        ch.pipeline().addLast("http", new HttpClientCodec());
        ch.pipeline().addLast("request", new Http1RequestHandler(target));
    }
}
