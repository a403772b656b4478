package org.camelot.client.bench.sweep;

import java.time.Duration;
import org.camelot.client.bench.report.CpuUse;

/**
 * Who used the CPU during a measurement, in % of one core: the server (and its processes), this generator, and
 * everything else. On a shared machine the last figure says whether a step was disturbed. Also waits, bounded, for a
 * quiet machine before a step.
 */
final class MachineLoad {

    private final long serverPid;
    private final long[] machine;
    private final long server;
    private final long self;
    private final long startNanos = System.nanoTime();

    private MachineLoad(long serverPid) {
        this.serverPid = serverPid;
        this.machine = CpuTicks.machine();
        this.server = serverPid > 0 ? CpuTicks.tree(serverPid) : 0;
        this.self = CpuTicks.process(ProcessHandle.current().pid());
    }

    /** Starts measuring; {@code serverPid} 0 when the server is not known (its use then counts as other). */
    static MachineLoad start(long serverPid) {
        return new MachineLoad(serverPid);
    }

    CpuUse stop() {
        long[] now = CpuTicks.machine();
        if (machine.length == 0 || now.length == 0) {
            return CpuUse.UNKNOWN;
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double busy = (now[0] - machine[0]) - (now[1] - machine[1]);
        double serverTicks = serverPid > 0 ? CpuTicks.tree(serverPid) - server : -1;
        double selfTicks = CpuTicks.process(ProcessHandle.current().pid()) - self;
        double other = busy - selfTicks - Math.max(0, serverTicks);
        return new CpuUse(serverTicks < 0 ? -1 : percent(serverTicks, seconds), percent(selfTicks, seconds),
                Math.max(0, percent(other, seconds)));
    }

    private static double percent(double ticks, double seconds) {
        return Math.round(1000 * ticks / CpuTicks.HZ / seconds) / 10.0;
    }

    /**
     * Waits until the whole machine is below {@code busyPercent} of its capacity over a second, for at most
     * {@code max}; returns the last reading (% of the machine's capacity).
     */
    static double waitQuiet(Duration max, int busyPercent) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        double busy;
        do {
            long[] a = CpuTicks.machine();
            Thread.sleep(1000);
            long[] b = CpuTicks.machine();
            if (a.length == 0 || b.length == 0 || b[0] == a[0]) {
                return -1;
            }
            busy = 100.0 * ((b[0] - a[0]) - (b[1] - a[1])) / (b[0] - a[0]);
        } while (busy >= busyPercent && System.nanoTime() < deadline);
        return busy;
    }
}
