package org.camelot.client.udp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Sends a bounded number of datagrams from several sockets at once, each on its own thread, and gathers what came
 * back. With replies, each sender waits for the reply to one datagram (or its timeout) before sending the next, so a
 * sender measures round trips one at a time and several senders keep several in flight.
 */
final class UdpLoad {

    /**
     * What to send.
     *
     * @param target   where to
     * @param payload  each datagram's bytes
     * @param count    datagrams in all, shared out among the senders
     * @param senders  sockets sending at once, each from its own port
     * @param replies  whether to wait for a reply to each datagram
     * @param timeout  how long to wait for one reply
     * @param rate     datagrams per second across all senders, or 0 for as fast as each sender can go
     * @param duration when to stop even if not all were sent
     */
    record Plan(InetSocketAddress target, byte[] payload, int count, int senders, boolean replies, Duration timeout,
                int rate, Duration duration) {
    }

    /**
     * What happened.
     *
     * @param sent              datagrams sent
     * @param replies           replies received in time
     * @param lost              datagrams whose reply did not come within the timeout
     * @param errors            sends or receives that failed (e.g. nothing listening)
     * @param firstError        the first of those errors, or {@code null}
     * @param elapsedNanos      from the first send to the last sender's end
     * @param latency           round-trip times in nanoseconds, of the replies received
     * @param stoppedByDuration whether the duration ran out before every datagram was sent
     */
    record Result(long sent, long replies, long lost, long errors, String firstError, long elapsedNanos,
                  Histogram latency, boolean stoppedByDuration) {

        /** Replies (or, without replies, datagrams sent) per second. */
        double perSecond() {
            return elapsedNanos == 0 ? 0 : (replies > 0 ? replies : sent) * 1e9 / elapsedNanos;
        }
    }

    private UdpLoad() {
    }

    static Result run(Plan plan) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + plan.duration().toNanos();
        List<UdpSender> senders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < plan.senders(); i++) {
            int share = plan.count() / plan.senders() + (i < plan.count() % plan.senders() ? 1 : 0);
            UdpSender sender = new UdpSender(plan, i, share, start, deadline);
            senders.add(sender);
            threads.add(Thread.ofPlatform().name("udp-sender-" + i).daemon().start(sender));
        }
        for (Thread t : threads) {
            t.join();
        }
        long elapsed = System.nanoTime() - start;
        Histogram latency = new Histogram(3);
        long sent = 0;
        long replies = 0;
        long lost = 0;
        long errors = 0;
        String firstError = null;
        boolean stopped = false;
        for (UdpSender s : senders) {
            sent += s.sent();
            replies += s.replies();
            lost += s.lost();
            errors += s.errors();
            firstError = firstError != null ? firstError : s.firstError();
            stopped |= s.stoppedByDuration();
            latency.add(s.latency());
        }
        return new Result(sent, replies, lost, errors, firstError, elapsed, latency, stopped);
    }
}
