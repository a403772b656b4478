package org.camelot.client.bench;

import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import org.camelot.client.bench.workload.UdpWorkload;
import org.camelot.client.command.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bench udp HOST [PORT]}: datagram round trips against an echo or upper-case UDP service. */
@Command(name = "udp", mixinStandardHelpOptions = true, sortOptions = false,
        description = "UDP round trips: each client sends a datagram and waits for its echo (as sent, or in upper "
                + "case); a lost datagram counts as a timeout.")
final class UdpBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "Server host.")
    String host;

    @Parameters(index = "1", arity = "0..1", defaultValue = "6789", description = "Server port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--size", defaultValue = "32", paramLabel = "BYTES",
            description = "Bytes per datagram, 16 to 65507 (default: ${DEFAULT-VALUE}).")
    int size;

    @Mixin
    LoadOptions load;

    @Override
    public Integer call() {
        if (size < 16 || size > 65_507) {
            spec.commandLine().getErr().println("bench: --size must be from 16 to 65507");
            return ExitCodes.USAGE;
        }
        return BenchRunner.run(new UdpWorkload(new InetSocketAddress(host, port), size), load,
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
