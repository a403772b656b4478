package org.camelot.server;

/** What the daemon tells its admin endpoints about itself. */
public interface DaemonStatus {

    /** The daemon's life cycle. */
    enum State { STARTING, SERVING, DRAINING, STOPPED }

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
