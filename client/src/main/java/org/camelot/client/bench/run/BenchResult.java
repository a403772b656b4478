package org.camelot.client.bench.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one load run, as the table, the JSON and the CSV show it. Latencies are in milliseconds; an
 * operation's latency runs from its intended start (open loop) or its start (closed loop) to its last reply.
 *
 * @param workload          the workload's name
 * @param target            what was measured
 * @param operation         what one operation is
 * @param protocol          the application protocol ({@code HTTP/1.1}, {@code HTTP/2}), or {@code null}
 * @param mode              {@code closed} or {@code open}
 * @param connections       concurrent clients: connections, or with streams connections of {@code streams} each
 * @param streams           operations in flight on each connection (HTTP/2 streams), 1 without streams
 * @param rate              the open loop's target operations per second, 0 for a closed loop
 * @param seconds           the measured time: from the end of the warm-up to the last measured completion
 * @param ok                operations that succeeded after the warm-up
 * @param errors            operations that failed after the warm-up, by kind
 * @param warmupOk          operations that succeeded during the warm-up (not in the figures)
 * @param warmupErrors      operations that failed during the warm-up (not in the figures)
 * @param throughput        successful operations per second
 * @param latency           operation latency
 * @param exchange          what an exchange inside an operation is, or {@code null}
 * @param exchanges         exchanges answered after the warm-up
 * @param exchangeRate      exchanges per second
 * @param exchangeLatency   the round trip of each exchange, or {@code null}
 * @param peakConnections   connections open at once, at most
 * @param connectionsOpened connections opened in all
 * @param histogram         every measured operation latency, in microseconds
 */
public record BenchResult(String workload, String target, String operation, String protocol, String mode,
                          int connections, int streams, double rate,
                          double seconds, long ok, Map<String, Long> errors, long warmupOk, long warmupErrors,
                          double throughput, Latency latency, String exchange, long exchanges, double exchangeRate,
                          Latency exchangeLatency, int peakConnections, long connectionsOpened,
                          @JsonIgnore Histogram histogram) {

    /** Failed operations after the warm-up. */
    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Percentiles of a latency histogram, in milliseconds.
     *
     * @param count how many values
     */
    public record Latency(long count, double mean, double p50, double p90, double p99, double p999, double max) {

        static Latency of(Histogram h) {
            if (h.getTotalCount() == 0) {
                return new Latency(0, 0, 0, 0, 0, 0, 0);
            }
            return new Latency(h.getTotalCount(), ms(h.getMean()), ms(h.getValueAtPercentile(50)),
                    ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
                    ms(h.getMaxValue()));
        }

        private static double ms(double micros) {
            return Math.round(micros) / 1000.0;
        }
    }
}
