package org.camelot.server;

/** The server could not start (a port in use, a transport not available); the message is one line for people. */
public final class StartupException extends Exception {

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
