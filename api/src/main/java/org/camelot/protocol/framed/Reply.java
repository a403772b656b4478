package org.camelot.protocol.framed;

/**
 * What a framed protocol does after a message: send bytes (possibly none), and maybe close the connection once they
 * are sent.
 *
 * @param bytes the bytes to send; shared constants are fine, they are never modified
 * @param close whether to close the connection after sending them
 */
public record Reply(byte[] bytes, boolean close) {

    private static final byte[] NOTHING = new byte[0];

    /** Closes the connection without sending anything. */
    public static final Reply CLOSE = new Reply(NOTHING, true);

    /** Sends nothing and keeps the connection. */
    public static final Reply NONE = new Reply(NOTHING, false);

    /** Sends {@code bytes} and keeps the connection. */
    public static Reply send(byte[] bytes) {
        return new Reply(bytes, false);
    }

    /** Sends {@code bytes}, then closes the connection. */
    public static Reply sendAndClose(byte[] bytes) {
        return new Reply(bytes, true);
    }
}
