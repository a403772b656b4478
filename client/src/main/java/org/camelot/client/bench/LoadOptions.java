package org.camelot.client.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.camelot.client.bench.run.LoadPlan;
import org.camelot.client.command.DurationConverter;
import picocli.CommandLine.Option;

/** The options every {@code bench} workload shares: how hard, how long, and where the results go. */
final class LoadOptions {

    @Option(names = {"-c", "--connections"}, defaultValue = "10", paramLabel = "N",
            description = "Concurrent clients (closed loop), or operations in flight at most (open loop). Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = {"-R", "--rate"}, defaultValue = "0", paramLabel = "OPS",
            description = "Open loop: start this many operations per second whatever the answers, with latency from "
                    + "each one's intended start (queueing included). 0, the default: closed loop.")
    double rate;

    @Option(names = {"-d", "--duration"}, converter = DurationConverter.class, paramLabel = "TIME",
            description = "How long to measure after the warm-up, e.g. 10s, 2m. Default: 10s, or none with --count.")
    Duration duration;

    @Option(names = {"-n", "--count"}, defaultValue = "0", paramLabel = "OPS",
            description = "Measure this many operations (after the warm-up), then stop.")
    long count;

    @Option(names = {"-w", "--warmup"}, converter = DurationConverter.class, defaultValue = "0s", paramLabel = "TIME",
            description = "Load before measuring, not counted (JIT, connection set-up). Default: ${DEFAULT-VALUE}.")
    Duration warmup;

    @Option(names = "--timeout", converter = DurationConverter.class, paramLabel = "TIME",
            description = "The longest one operation may take, connecting included. Default: 10s (udp: 1s).")
    Duration timeout;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "Event-loop threads of the generator. Default: one per CPU core.")
    int threads;

    @Option(names = "--transport", defaultValue = "auto", paramLabel = "KIND",
            description = "auto (epoll where available), nio, epoll or io_uring. Default: ${DEFAULT-VALUE}.")
    String transport;

    @Option(names = "--source-addresses", defaultValue = "0", paramLabel = "N",
            description = "Connect from N loopback addresses in turn (127.0.0.1, 127.0.0.2, ...), for more source "
                    + "ports than one address has. Loopback targets only. Default: let the system choose.")
    int sourceAddresses;

    @Option(names = "--connect-limit", defaultValue = "256", paramLabel = "N",
            description = "New connections in flight at most (connecting, or not yet answered), kept below the "
                    + "server's accept backlog. Default: ${DEFAULT-VALUE}.")
    int connectLimit;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON.")
    Path json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the result as CSV (a header and a line).")
    Path csv;

    @Option(names = "--hdr-log", paramLabel = "FILE",
            description = "Write each second's latencies as an HdrHistogram log (values in microseconds).")
    Path hdrLog;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "WHEN",
            description = "The live progress line: auto (when the output is a terminal), always or never.")
    String progress;

    /** @param defaultTimeout the workload's timeout when {@code --timeout} is not given */
    LoadPlan plan(InetSocketAddress target, Duration defaultTimeout) {
        Duration measure = duration != null ? duration : count > 0 ? null : Duration.ofSeconds(10);
        return new LoadPlan(connections, rate, measure, count, warmup, timeout != null ? timeout : defaultTimeout,
                threads > 0 ? threads : Runtime.getRuntime().availableProcessors(), transport,
                sources(target), Math.max(1, connectLimit));
    }

    private List<InetAddress> sources(InetSocketAddress target) {
        List<InetAddress> out = new ArrayList<>();
        if (sourceAddresses <= 0) {
            return out;
        }
        if (target.getAddress() == null || !target.getAddress().isLoopbackAddress()
                || target.getAddress().getAddress().length != 4) {
            throw new IllegalArgumentException("--source-addresses needs an IPv4 loopback target (127.x.x.x)");
        }
        for (int i = 1; i <= Math.min(sourceAddresses, 254); i++) {
            try {
                out.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) i}));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
