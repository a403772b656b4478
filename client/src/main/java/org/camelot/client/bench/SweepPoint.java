package org.camelot.client.bench;

/**
 * One measurement of a sweep: a server model at one concurrency.
 *
 * @param model       the model as written on the command line
 * @param concurrency concurrent clients
 * @param result      what the run measured
 */
record SweepPoint(String model, int concurrency, BenchResult result) {
}
