package org.camelot.server.concurrency;

import org.camelot.protocol.Protocol;
import org.camelot.protocol.framed.FramedListenerProtocol;
import org.camelot.protocol.framed.FramedProtocol;
import org.camelot.protocol.framed.Framing;
import org.camelot.protocol.framed.Reply;
import org.camelot.server.config.ListenerConfig;
import org.camelot.server.config.WorkSettings;

/**
 * A framed protocol that does simulated handler work before each answer: busy computation, then a blocking wait.
 * It runs on whatever thread answers, so on an event loop it stalls every connection of that loop, on a platform
 * thread it holds the thread, and on a virtual thread the wait unmounts it and costs no carrier thread.
 */
public final class SimulatedWork implements FramedProtocol {

    private static volatile long sink;

    private final FramedProtocol protocol;
    private final long cpuNanos;
    private final long sleepMillis;

    private SimulatedWork(FramedProtocol protocol, WorkSettings work) {
        this.protocol = protocol;
        this.cpuNanos = work.cpuMicros() * 1_000L;
        this.sleepMillis = work.sleepMillis();
    }

    /** {@code protocol} itself when there is no work to simulate, else the protocol with the work before answers. */
    public static FramedProtocol wrap(FramedProtocol protocol, WorkSettings work) {
        return work.any() ? new SimulatedWork(protocol, work) : protocol;
    }

    /**
     * A listener's protocol with its {@code work:} done before each answer, whatever the concurrency model runs it
     * (on event loops the work runs inside the framed handler, as a slow handler would); the protocol itself when
     * the listener has no work. {@link ModelServers#check} already refused work for a protocol that is not framed.
     */
    public static Protocol decorate(ListenerConfig l, Protocol protocol) {
        if (!l.work().any() || !(protocol instanceof FramedListenerProtocol framed)) {
            return protocol;
        }
        return new FramedListenerProtocol(l.provider().name(), wrap(framed.framed(), l.work()));
    }

    @Override
    public Framing framing() {
        return protocol.framing();
    }

    @Override
    public Reply answer(byte[] frame) {
        work(frame.length);
        return protocol.answer(frame);
    }

    @Override
    public Reply tooLong(String remoteAddress) {
        return protocol.tooLong(remoteAddress);
    }

    private void work(long seed) {
        if (cpuNanos > 0) {
            spin(seed);
        }
        if (sleepMillis > 0) {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Real arithmetic between clock reads, so that the time is spent computing, as a CPU-bound handler does. */
    private void spin(long seed) {
        long end = System.nanoTime() + cpuNanos;
        long x = seed | 1;
        do {
            for (int i = 0; i < 64; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
                x ^= x >>> 29;
            }
        } while (System.nanoTime() < end);
        // Published so that the compiler cannot drop the computation as unused.
        sink = x;
    }
}
