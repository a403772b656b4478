package org.camelot.protocol;

/**
 * A protocol that Camelot listeners can run, found by {@link java.util.ServiceLoader} on the class path and in the
 * jars of the configured plugins directory.
 *
 * <p>A provider is stateless: it names the protocol, declares the type its settings bind to, and creates one
 * {@link Protocol} per started listener. Adding a protocol takes one package, one line in
 * {@code META-INF/services/org.camelot.protocol.ProtocolProvider}, and a listener block in the YAML file.
 *
 * @param <S> the settings type, bound from the listener's own keys (kebab-case) and validated by its constructor,
 *            which throws {@link InvalidSettingException} for a bad value
 */
public interface ProtocolProvider<S> {

    /** The value of a listener's {@code protocol:} key. */
    String name();

    /**
     * The type that the listener's protocol-specific keys bind to, usually a record whose compact constructor fills
     * in defaults for absent keys and validates the rest. Binding an empty block must give the defaults.
     */
    Class<S> settingsType();

    /** Whether the listener is a stream (TCP) or a datagram (UDP) socket. */
    default SocketType socketType() {
        return SocketType.STREAM;
    }

    /**
     * The protocols a TLS listener offers by ALPN (RFC 7301), most preferred first, such as {@code h2} and
     * {@code http/1.1}; empty (the default) for none. A client that offers none of them still connects.
     */
    default java.util.List<String> applicationProtocols(S settings) {
        return java.util.List.of();
    }

    /**
     * Creates the protocol for one listener. Called once per listener at start-up (and by {@code --check}), off any
     * event loop, so it may read files; a problem with what the settings name (a missing or malformed file) is
     * reported by throwing {@link InvalidSettingException}.
     */
    Protocol create(ListenerContext<S> context) throws Exception;
}
