package org.camelot.client.bench;

/**
 * One measurement of a sweep: a server model at one concurrency.
 *
 * @param model       the model as written on the command line
 * @param concurrency concurrent clients
 * @param result      what the run measured
 * @param cpu         who used the CPU during the step
 */
record SweepPoint(String model, int concurrency, BenchResult result, MachineLoad.Use cpu) {

    /** A step during which other processes used more than a quarter of a core: its figures are less reliable. */
    boolean disturbed() {
        return cpu.other() > 25;
    }
}
