package org.camelot.client.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import org.camelot.client.bench.run.Workload;
import org.camelot.client.bench.workload.ScriptedWorkload;
import org.camelot.client.command.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench launcelot HOST [PORT]}: the book's dialog. Each operation connects, asks ten questions cycling
 * through the three, checks every answer, and closes.
 */
@Command(name = "launcelot", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Launcelot conversations: connect, ask the questions (ten by default, cycling the three), "
                + "check each answer, close. Throughput in conversations per second.")
class LauncelotBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "Server host.")
    String host;

    @Parameters(index = "1", arity = "0..1", defaultValue = "1060", description = "Server port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--questions", paramLabel = "N", description = "Questions per conversation.")
    Integer questions;

    @Mixin
    TlsOptions tls;

    @Mixin
    LoadOptions load;

    /** Questions per conversation when {@code --questions} is not given. */
    int defaultQuestions() {
        return 10;
    }

    @Override
    public Integer call() {
        int n = questions != null ? questions : defaultQuestions();
        if (n < 1) {
            spec.commandLine().getErr().println("bench: --questions must be at least 1");
            return ExitCodes.USAGE;
        }
        Workload w;
        try {
            w = ScriptedWorkload.launcelot(spec.name(), new InetSocketAddress(host, port), n, tls.context());
        } catch (IOException e) {
            spec.commandLine().getErr().println("bench: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        return BenchRunner.run(w, load, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
