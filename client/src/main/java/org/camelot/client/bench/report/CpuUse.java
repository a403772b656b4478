package org.camelot.client.bench.report;

/**
 * Who used the CPU during a measurement, each in % of one core; -1 where unknown.
 *
 * @param server    the server's process tree
 * @param generator the load generator's process
 * @param other     every other process
 */
public record CpuUse(double server, double generator, double other) {

    /** Nothing known (no {@code /proc}). */
    public static final CpuUse UNKNOWN = new CpuUse(-1, -1, -1);
}
