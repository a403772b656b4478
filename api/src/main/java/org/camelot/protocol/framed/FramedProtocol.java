package org.camelot.protocol.framed;

/**
 * The logic of a delimiter-framed request/reply protocol, apart from any I/O model. The same instance answers under
 * Netty event loops ({@link FramedHandler}) and under blocking models (one thread per connection, a pool, virtual
 * threads), so every model applies the same framing rules and the same answers.
 *
 * <p>Implementations are immutable and thread-safe: one instance serves every connection of a listener.
 */
public interface FramedProtocol {

    /** How the byte stream splits into messages. */
    Framing framing();

    /** The reply to one complete message. */
    Reply answer(byte[] frame);

    /**
     * The reply to the complete message in {@code bytes[offset, offset + length)}. The range is only valid during the
     * call (the caller reuses the array), so an implementation must not keep it. Callers that frame into a shared
     * buffer use this form to spare a copy per message; protocols that can answer from the range without copying it
     * (a table lookup) override it.
     */
    default Reply answer(byte[] bytes, int offset, int length) {
        return answer(java.util.Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /**
     * The reply when a message grows past {@link Framing#maxLength()} without its delimiter. Unless the reply closes
     * the connection, the rest of that message (up to its delimiter) is discarded and the next one is read as usual.
     *
     * @param remoteAddress the client, for the log: the address the listener's access rules see (on a listener with
     *                      {@code proxy-protocol: true}, the client the PROXY header named, not the balancer)
     */
    Reply tooLong(String remoteAddress);
}
