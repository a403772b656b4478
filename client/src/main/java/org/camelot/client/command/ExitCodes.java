package org.camelot.client.command;

/** The exit codes every client command shares (picocli's own: 0 for success, 2 for a bad command line). */
public final class ExitCodes {

    /** A failed exchange (wrong answer, timeout, closed connection, TLS error), or a run that measured nothing. */
    public static final int FAILED = 1;

    /** A bad command line, or a limit of the machine that the options run into. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
