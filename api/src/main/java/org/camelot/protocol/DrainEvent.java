package org.camelot.protocol;

/**
 * Fired through the pipeline of every open connection when the server starts a graceful shutdown. A protocol
 * finishes what it has accepted (the current answer, the current response), then closes the connection; an idle
 * connection closes at once. Connections still open when the drain timeout runs out are closed by force.
 */
public final class DrainEvent {

    /** The one instance. */
    public static final DrainEvent INSTANCE = new DrainEvent();

    private DrainEvent() {
    }

    @Override
    public String toString() {
        return "DrainEvent";
    }
}
