package org.camelot.protocol.http;

import org.camelot.protocol.ListenerContext;
import org.camelot.protocol.Protocol;
import org.camelot.protocol.ProtocolProvider;

/**
 * {@code protocol: http}: HTTP/1.1 and 1.0 with keep-alive and pipelining, answered by the routes of the listener's
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

    @Override
    public Protocol create(ListenerContext<HttpSettings> context) throws Exception {
        RouteTable routes = RouteTable.create(context);
        return new HttpProtocol(context.name(), context.settings(), routes, context.tls(), context.blockingExecutor());
    }
}
