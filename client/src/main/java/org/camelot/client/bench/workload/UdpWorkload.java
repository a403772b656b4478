package org.camelot.client.bench.workload;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import org.camelot.client.bench.run.Workload;

/**
 * Datagram round trips: each client has a connected UDP socket and sends one datagram at a time, waiting for the
 * reply (the same bytes, or in upper case); a lost datagram shows up as a timeout.
 */
public final class UdpWorkload implements Workload {

    private final InetSocketAddress remote;
    private final int size;

    /** @param size bytes per datagram (at least the sequence number's) */
    public UdpWorkload(InetSocketAddress remote, int size) {
        this.remote = remote;
        this.size = size;
    }

    @Override
    public String name() {
        return "udp";
    }

    @Override
    public String target() {
        return "udp://" + remote.getHostString() + ":" + remote.getPort();
    }

    @Override
    public InetSocketAddress remote() {
        return remote;
    }

    @Override
    public boolean datagram() {
        return true;
    }

    @Override
    public boolean keepsConnection() {
        return true;
    }

    @Override
    public String operation() {
        return "datagram round trip (" + size + " bytes)";
    }

    @Override
    public void initChannel(Channel ch) {
        ch.pipeline().addLast("datagram", new DatagramHandler(size));
    }
}
