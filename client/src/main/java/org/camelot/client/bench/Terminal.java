package org.camelot.client.bench;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether standard output is a terminal, where a progress line that rewrites itself makes sense. */
final class Terminal {

    private Terminal() {
    }

    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // From Java 22 a console exists even when redirected; isTerminal() tells the difference.
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
