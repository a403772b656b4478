package org.camelot.protocol.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import java.util.concurrent.Executor;
import org.camelot.protocol.Protocol;
import org.camelot.protocol.http.h1.Http1Wire;

/** One {@code http} listener: its semantics ({@link HttpService}) under the wires its connections speak. */
final class HttpProtocol implements Protocol {

    private final HttpService service;
    private final Http1Wire http1;

    HttpProtocol(String listener, HttpSettings settings, RouteTable routes, boolean tls, Executor blocking,
                 MeterRegistry meters) {
        this.service = new HttpService(listener, settings, routes, tls, blocking, meters);
        this.http1 = new Http1Wire(service);
    }

    @Override
    public void initChannel(Channel channel) {
        http1.install(channel.pipeline());
    }

    @Override
    public void close() {
        service.close();
    }
}
