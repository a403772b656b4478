package org.camelot.server.admin;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.ListenerContext;
import org.camelot.protocol.Protocol;
import org.camelot.protocol.ProtocolProvider;
import org.camelot.server.DaemonStatus;

/**
 * {@code protocol: admin}: the daemon's health and metrics over HTTP: {@code /healthz} (200 while serving, 503 while
 * draining), {@code /readyz} (200 once every listener is bound and until draining starts), {@code /metrics}
 * (Prometheus text format), and {@code /status}, a live page over {@code /status.json}. It keeps serving while the
 * other listeners drain, so balancers see the drain.
 */
public final class AdminProvider implements ProtocolProvider<AdminSettings> {

    @Override
    public String name() {
        return "admin";
    }

    @Override
    public Class<AdminSettings> settingsType() {
        return AdminSettings.class;
    }

    @Override
    public Protocol create(ListenerContext<AdminSettings> context) {
        if (!(context instanceof DaemonStatus.Source source)) {
            throw new InvalidSettingException("protocol", "admin", "a protocol of this server (admin runs only in the daemon)");
        }
        AdminHandler handler = new AdminHandler(source.daemon(), context.settings().allowRemote());
        return new Protocol() {
            @Override
            public void initChannel(Channel channel) {
                channel.pipeline()
                        .addLast("http", new HttpServerCodec(4096, 8192, 8192))
                        .addLast("keep-alive", new HttpServerKeepAliveHandler())
                        .addLast("aggregator", new HttpObjectAggregator(8192))
                        .addLast("admin", handler);
            }

            @Override
            public boolean servesDuringDrain() {
                return true;
            }
        };
    }
}
