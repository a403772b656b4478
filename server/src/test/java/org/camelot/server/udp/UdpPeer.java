package org.camelot.server.udp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/** A test's side of a UDP exchange: one socket on an ephemeral loopback port. */
final class UdpPeer implements AutoCloseable {

    private final DatagramSocket socket;
    private final byte[] buffer = new byte[65_536];

    UdpPeer(InetAddress bindTo) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(bindTo, 0));
        socket.setReceiveBufferSize(4 << 20);
    }

    static UdpPeer ipv4() throws IOException {
        return new UdpPeer(InetAddress.getByName("127.0.0.1"));
    }

    void send(byte[] payload, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(payload, payload.length, to));
    }

    /** The next datagram's bytes, checking that it comes from {@code from}, or {@code null} after the timeout. */
    byte[] receive(InetSocketAddress from, int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        if (!packet.getSocketAddress().equals(from)) {
            throw new AssertionError("reply from " + packet.getSocketAddress() + ", expected " + from);
        }
        return Arrays.copyOf(packet.getData(), packet.getLength());
    }

    /** Sends and waits up to 5 seconds for the reply. */
    byte[] exchange(byte[] payload, InetSocketAddress to) throws IOException {
        send(payload, to);
        byte[] reply = receive(to, 5_000);
        if (reply == null) {
            throw new AssertionError("no reply from " + to + " within 5 s");
        }
        return reply;
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void close() {
        socket.close();
    }
}
