package org.camelot.protocol.upper;

import org.camelot.protocol.ListenerContext;
import org.camelot.protocol.Protocol;
import org.camelot.protocol.ProtocolProvider;
import org.camelot.protocol.framed.FramedListenerProtocol;

/** {@code protocol: upper}: a client sends a line, the server sends it back in upper case. */
public final class UpperProvider implements ProtocolProvider<UpperSettings> {

    @Override
    public String name() {
        return "upper";
    }

    @Override
    public Class<UpperSettings> settingsType() {
        return UpperSettings.class;
    }

    @Override
    public Protocol create(ListenerContext<UpperSettings> context) {
        return new FramedListenerProtocol("upper", new UpperCase(context.settings()));
    }
}
