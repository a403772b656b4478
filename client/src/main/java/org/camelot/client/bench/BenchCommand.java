package org.camelot.client.bench;

import org.camelot.client.bench.sweep.SweepCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bench WORKLOAD ...}: the load generator, and {@code bench sweep} for a report across concurrency models. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Load generator: closed loop (N clients as fast as they can) or open loop (a fixed rate, "
                + "latency from each operation's intended start), bounded by time or count, latencies in "
                + "HdrHistogram.", "", "Exit codes: 0 when operations succeeded (errors are in the table), "
                + "1 when none did, 2 for bad options or a limit of the machine."},
        subcommands = {LauncelotBench.class, LauncelotConnectBench.class, UpperBench.class, HttpBench.class,
                UdpBench.class, SweepCommand.class})
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
