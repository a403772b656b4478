package org.camelot.client.udp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/** One socket of a {@link UdpLoad}: sends its share of the datagrams, one reply awaited at a time. */
final class UdpSender implements Runnable {

    private final UdpLoad.Plan plan;
    private final int share;
    private final long deadline;
    private final long firstSendAt;
    private final long intervalNanos;
    private final Histogram latency = new Histogram(3);
    private final byte[] replyBuffer = new byte[65_536];
    private long sent;
    private long replies;
    private long lost;
    private long errors;
    private String firstError;
    private boolean stoppedByDuration;

    UdpSender(UdpLoad.Plan plan, int index, int share, long start, long deadline) {
        this.plan = plan;
        this.share = share;
        this.deadline = deadline;
        // With a rate, each sender sends every senders/rate seconds, the senders spread evenly over that interval.
        this.intervalNanos = plan.rate() > 0 ? (long) (plan.senders() * 1e9 / plan.rate()) : 0;
        this.firstSendAt = start + (plan.senders() > 0 ? intervalNanos * index / plan.senders() : 0);
    }

    @Override
    public void run() {
        DatagramSocket socket = null;
        try {
            socket = open();
            DatagramPacket request = new DatagramPacket(plan.payload(), plan.payload().length);
            DatagramPacket reply = new DatagramPacket(replyBuffer, replyBuffer.length);
            for (int i = 0; i < share; i++) {
                if (intervalNanos > 0) {
                    waitUntil(firstSendAt + i * intervalNanos);
                }
                if (System.nanoTime() - deadline >= 0) {
                    stoppedByDuration = true;
                    return;
                }
                long sentAt = System.nanoTime();
                socket.send(request);
                sent++;
                if (!plan.replies()) {
                    continue;
                }
                try {
                    reply.setLength(replyBuffer.length);
                    socket.receive(reply);
                    latency.recordValue(System.nanoTime() - sentAt);
                    replies++;
                } catch (SocketTimeoutException e) {
                    lost++;
                    // A late reply must not pass for the next one's: carry on from a fresh port.
                    socket.close();
                    socket = open();
                }
            }
        } catch (PortUnreachableException e) {
            error("nothing listening on " + plan.target() + " (ICMP port unreachable)");
        } catch (IOException | RuntimeException e) {
            error(e.toString());
        } finally {
            if (socket != null) {
                socket.close();
            }
        }
    }

    private DatagramSocket open() throws IOException {
        DatagramSocket socket = new DatagramSocket();
        socket.connect(plan.target());
        socket.setSoTimeout((int) Math.max(1, plan.timeout().toMillis()));
        return socket;
    }

    private void waitUntil(long at) {
        for (long left = at - System.nanoTime(); left > 0; left = at - System.nanoTime()) {
            LockSupport.parkNanos(Math.min(left, deadline - System.nanoTime() + 1));
            if (System.nanoTime() - deadline >= 0) {
                return;
            }
        }
    }

    private void error(String message) {
        errors++;
        if (firstError == null) {
            firstError = message;
        }
    }

    long sent() {
        return sent;
    }

    long replies() {
        return replies;
    }

    long lost() {
        return lost;
    }

    long errors() {
        return errors;
    }

    String firstError() {
        return firstError;
    }

    boolean stoppedByDuration() {
        return stoppedByDuration;
    }

    Histogram latency() {
        return latency;
    }
}
