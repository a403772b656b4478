package org.camelot.examples.kv;

import org.camelot.protocol.ListenerContext;
import org.camelot.protocol.Protocol;
import org.camelot.protocol.ProtocolProvider;
import org.camelot.protocol.framed.FramedListenerProtocol;

/** The {@code kv} protocol, found by the daemon through {@code META-INF/services}. */
public final class KvProvider implements ProtocolProvider<KvSettings> {

    @Override
    public String name() {
        return "kv";
    }

    @Override
    public Class<KvSettings> settingsType() {
        return KvSettings.class;
    }

    @Override
    public Protocol create(ListenerContext<KvSettings> context) {
        return new FramedListenerProtocol("kv", new KeyValueStore(context.settings()));
    }
}
