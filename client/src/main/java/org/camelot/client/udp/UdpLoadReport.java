package org.camelot.client.udp;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.camelot.protocol.Durations;

/** Prints a {@link UdpLoad.Result} for people, then as one {@code RESULT key=value ...} line for scripts. */
final class UdpLoadReport {

    private static final double[] PERCENTILES = {50, 90, 99, 99.9};
    private static final String[] NAMES = {"p50", "p90", "p99", "p99.9"};

    private final PrintWriter out;

    UdpLoadReport(PrintWriter out) {
        this.out = out;
    }

    void print(InetSocketAddress target, int bytes, UdpSendCommand command, UdpLoad.Result r) {
        double seconds = r.elapsedNanos() / 1e9;
        out.printf(Locale.ROOT, "udp send to %s: %d datagram(s) of %d bytes from %d sender(s)%s%s%n",
                UdpSendCommand.display(target), command.count, bytes, command.senders,
                command.rate > 0 ? " at " + command.rate + "/s" : "", command.reply ? ", waiting for replies" : "");
        if (r.stoppedByDuration()) {
            out.printf(Locale.ROOT, "stopped by --duration %s after %d of %d%n", Durations.format(command.duration),
                    r.sent(), command.count);
        }
        if (command.reply) {
            out.printf(Locale.ROOT, "sent %d, replies %d, lost %d, errors %d in %.3f s: %.0f round trips/s%n",
                    r.sent(), r.replies(), r.lost(), r.errors(), seconds, r.perSecond());
            out.println(latencyLine(r.latency()));
        } else {
            out.printf(Locale.ROOT, "sent %d, errors %d in %.3f s: %.0f datagrams/s%n", r.sent(), r.errors(), seconds,
                    r.perSecond());
        }
        StringBuilder result = new StringBuilder(String.format(Locale.ROOT,
                "RESULT sent=%d replies=%d lost=%d errors=%d seconds=%.3f per_second=%.0f", r.sent(), r.replies(),
                r.lost(), r.errors(), seconds, r.perSecond()));
        if (command.reply && r.latency().getTotalCount() > 0) {
            for (int i = 0; i < PERCENTILES.length; i++) {
                result.append(' ').append(NAMES[i].replace(".", "")).append("_us=")
                        .append(r.latency().getValueAtPercentile(PERCENTILES[i]) / 1000);
            }
            result.append(" max_us=").append(r.latency().getMaxValue() / 1000);
        }
        out.println(result);
        out.flush();
    }

    private static String latencyLine(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "latency: no replies";
        }
        StringBuilder line = new StringBuilder("latency ms:");
        for (int i = 0; i < PERCENTILES.length; i++) {
            line.append(String.format(Locale.ROOT, " %s %.3f", NAMES[i], h.getValueAtPercentile(PERCENTILES[i]) / 1e6));
        }
        return line.append(String.format(Locale.ROOT, " max %.3f", h.getMaxValue() / 1e6)).toString();
    }
}
