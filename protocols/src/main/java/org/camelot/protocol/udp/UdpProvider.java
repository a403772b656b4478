package org.camelot.protocol.udp;

import org.camelot.protocol.ListenerContext;
import org.camelot.protocol.Protocol;
import org.camelot.protocol.ProtocolProvider;
import org.camelot.protocol.SocketType;

/** {@code protocol: udp}: a datagram service that logs, echoes or upper-cases what it receives. */
public final class UdpProvider implements ProtocolProvider<UdpSettings> {

    @Override
    public String name() {
        return "udp";
    }

    @Override
    public Class<UdpSettings> settingsType() {
        return UdpSettings.class;
    }

    @Override
    public SocketType socketType() {
        return SocketType.DATAGRAM;
    }

    @Override
    public Protocol create(ListenerContext<UdpSettings> context) {
        return new UdpProtocol(context.name(), context.settings(), new UdpCounters(context.meters(), context.name()));
    }
}
