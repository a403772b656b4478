package org.camelot.client.bench.report;

import org.camelot.client.bench.run.BenchResult;

/**
 * One measurement of a sweep: a server model at one concurrency.
 *
 * @param model       the model as written on the command line
 * @param concurrency concurrent clients
 * @param result      what the run measured
 * @param cpu         who used the CPU during the step
 */
public record SweepPoint(String model, int concurrency, BenchResult result, CpuUse cpu) {

    /** A step during which other processes used more than a quarter of a core: its figures are less reliable. */
    public boolean disturbed() {
        return cpu.other() > 25;
    }
}
