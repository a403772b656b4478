package org.camelot.protocol.launcelot;

import org.camelot.protocol.ListenerContext;
import org.camelot.protocol.Protocol;
import org.camelot.protocol.ProtocolProvider;
import org.camelot.protocol.framed.FramedListenerProtocol;

/**
 * {@code protocol: launcelot}: a client asks questions ending with {@code ?}, the server answers each with a sentence
 * ending with {@code .}, on cleartext and TLS listeners alike.
 */
public final class LauncelotProvider implements ProtocolProvider<LauncelotSettings> {

    @Override
    public String name() {
        return "launcelot";
    }

    @Override
    public Class<LauncelotSettings> settingsType() {
        return LauncelotSettings.class;
    }

    @Override
    public Protocol create(ListenerContext<LauncelotSettings> context) {
        return new FramedListenerProtocol("launcelot", new Launcelot(context.settings()));
    }
}
