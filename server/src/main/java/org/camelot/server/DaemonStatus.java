package org.camelot.server;

/** What the daemon tells its admin endpoints about itself. */
public interface DaemonStatus {

    /**
     * The daemon's life cycle. {@code STOPPING}: a shutdown was asked for and {@code shutdown-delay} runs: every
     * listener still serves, the health checks say 503. {@code DRAINING}: the listeners stopped accepting and open
     * connections finish what they accepted.
     */
    enum State { STARTING, SERVING, STOPPING, DRAINING, STOPPED }

    State state();

    /** Every meter in the Prometheus text format. */
    String scrape();

    /** The status page's data: every listener with its totals and the last minutes of per-second rates, as JSON. */
    String statusJson();

    /** A listener context of this daemon, which lets the daemon's own protocols see its status. */
    interface Source {
        DaemonStatus daemon();
    }
}
