package org.camelot.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.stream.Stream;

/**
 * The test JVM's name resolver: the JDK's own, except while {@link #offline} is set, when only {@code localhost}
 * resolves and every other name is unknown. The configuration fuzz target sets it, so that host names it makes up
 * never become DNS queries (tests use loopback only, and a lookup may take seconds).
 */
public final class OfflineResolverProvider extends InetAddressResolverProvider {

    /** Whether names other than {@code localhost} fail to resolve. */
    public static volatile boolean offline;

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                if (offline && !host.equalsIgnoreCase("localhost")) {
                    throw new UnknownHostException(host + " (names do not resolve in this test)");
                }
                return builtin.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                if (offline) {
                    throw new UnknownHostException("no reverse lookups in this test");
                }
                return builtin.lookupByAddress(address);
            }
        };
    }

    @Override
    public String name() {
        return "camelot-test-offline";
    }
}
