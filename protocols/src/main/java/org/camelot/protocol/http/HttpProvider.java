package org.camelot.protocol.http;

import java.util.List;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.ListenerContext;
import org.camelot.protocol.Protocol;
import org.camelot.protocol.ProtocolProvider;

/**
 * {@code protocol: http}: HTTP/2 (by ALPN over TLS; with prior knowledge or {@code Upgrade: h2c} over cleartext)
 * and HTTP/1.1 and 1.0 with keep-alive and pipelining, answered by the routes of the listener's
 * {@code routes:} block, and HTTP/3 over QUIC on UDP on a TLS listener with {@code http3: true} (static files are the {@code files} route type; plugins add others).
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
        HttpSettings settings = context.settings();
        if (settings.http3Mode() != HttpSettings.Http3.OFF && !context.tls()) {
            throw new InvalidSettingException("http3", settings.http3(),
                    "false on a listener without tls (HTTP/3 runs over QUIC, which is always TLS)");
        }
        RouteTable routes = RouteTable.create(context);
        boolean http3 = settings.http3Mode() != HttpSettings.Http3.OFF;
        return new HttpProtocol(context.name(), settings, routes, context.tls(), context.blockingExecutor(),
                context.meters(), http3 ? context.certificateChain() : List.of(), http3 ? context.privateKey() : null);
    }
}
