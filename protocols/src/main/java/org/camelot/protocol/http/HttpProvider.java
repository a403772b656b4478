package org.camelot.protocol.http;

import java.util.List;
import org.camelot.protocol.ListenerContext;
import org.camelot.protocol.Protocol;
import org.camelot.protocol.ProtocolProvider;

/**
 * {@code protocol: http}: HTTP/2 (by ALPN over TLS; with prior knowledge or {@code Upgrade: h2c} over cleartext)
 * and HTTP/1.1 and 1.0 with keep-alive and pipelining, answered by the routes of the listener's
 * {@code routes:} block (static files are the {@code files} route type; plugins add others).
 */
public final class HttpProvider implements ProtocolProvider<HttpSettings> {

    @Override
    public String name() {
        return "http";
    }

    @Override
    public Class<HttpSettings> settingsType() {
        return HttpSettings.class;
    }

    /** {@code h2} then {@code http/1.1}; only {@code http/1.1} with {@code http2: false}. */
    @Override
    public List<String> applicationProtocols(HttpSettings settings) {
        return settings.http2() ? List.of("h2", "http/1.1") : List.of("http/1.1");
    }

    @Override
    public Protocol create(ListenerContext<HttpSettings> context) throws Exception {
        RouteTable routes = RouteTable.create(context);
        return new HttpProtocol(context.name(), context.settings(), routes, context.tls(), context.blockingExecutor(),
                context.meters());
    }
}
