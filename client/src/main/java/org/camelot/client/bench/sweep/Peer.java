package org.camelot.client.bench.sweep;

import java.net.InetSocketAddress;

/**
 * A server measured by a sweep without being started by it ({@code --peer LABEL=HOST:PORT}).
 *
 * @param label   its line's name in the report
 * @param address where it listens
 */
record Peer(String label, InetSocketAddress address) {

    static Peer parse(String text) {
        int eq = text.indexOf('=');
        int colon = text.lastIndexOf(':');
        if (eq <= 0 || colon < eq) {
            throw new IllegalArgumentException("--peer " + text + ": expected LABEL=HOST:PORT");
        }
        try {
            String host = text.substring(eq + 1, colon).replaceAll("^\\[|]$", "");
            return new Peer(text.substring(0, eq), new InetSocketAddress(host, Integer.parseInt(text.substring(colon + 1))));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--peer " + text + ": expected LABEL=HOST:PORT");
        }
    }
}
