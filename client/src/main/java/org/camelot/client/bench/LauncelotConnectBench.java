package org.camelot.client.bench;

import picocli.CommandLine.Command;

/** {@code bench launcelot-connect HOST [PORT]}: a new connection for each three-question conversation. */
@Command(name = "launcelot-connect", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Launcelot, connection-heavy: connect, ask the three questions, check the answers, close.")
final class LauncelotConnectBench extends LauncelotBench {

    @Override
    int defaultQuestions() {
        return 3;
    }
}
