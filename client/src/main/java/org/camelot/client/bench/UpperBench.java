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

/** {@code bench upper HOST [PORT]}: line round trips on kept connections. */
@Command(name = "upper", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Upper round trips: each client keeps a connection and sends a line, checking that it comes "
                + "back in upper case.")
final class UpperBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "Server host.")
    String host;

    @Parameters(index = "1", arity = "0..1", defaultValue = "1234", description = "Server port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--line", defaultValue = "the quick brown fox", paramLabel = "TEXT",
            description = "The line to send, without its line ending (default: ${DEFAULT-VALUE}).")
    String line;

    @Mixin
    TlsOptions tls;

    @Mixin
    LoadOptions load;

    @Override
    public Integer call() {
        if (line.contains("\n")) {
            spec.commandLine().getErr().println("bench: --line must be one line");
            return ExitCodes.USAGE;
        }
        Workload w;
        try {
            w = ScriptedWorkload.upper(new InetSocketAddress(host, port), line, tls.context());
        } catch (IOException e) {
            spec.commandLine().getErr().println("bench: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        return BenchRunner.run(w, load, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
