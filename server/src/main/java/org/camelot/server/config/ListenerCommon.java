package org.camelot.server.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camelot.protocol.Settings;

/**
 * The keys every listener has, whatever its protocol, each declared once: its component here gives the key's name
 * (in kebab case: {@code idleTimeout} is {@code idle-timeout}) and type, the compact constructor its default and
 * validation, the {@code @param} below its documentation. The list of known keys, the binding, the error messages
 * and the {@code --check} rendering all follow from the components. The {@code tls}, {@code concurrency} and
 * {@code work} keys are blocks, bound apart.
 *
 * @param protocol                the name of the protocol the listener runs
 * @param host                    the address bound: an IP address or a name that resolves; absent or {@code *} for
 *                                every address
 * @param port                    the port bound, 0 for any free port
 * @param wiretap                 whether every byte in and out is logged as a hex dump (default false)
 * @param idleTimeout             a connection with nothing read or written for this long is closed (default 60s)
 * @param allow                   addresses and CIDR ranges let in; once not empty, everything else is refused
 * @param deny                    addresses and CIDR ranges refused
 * @param maxConnections          open connections at most, 0 for no limit (default)
 * @param maxConnectionsPerClient open connections from one client address at most, 0 for no limit (default)
 * @param proxyProtocol           whether every connection starts with a PROXY protocol v1 or v2 header (default false)
 * @param reusePort               whether the port is bound with SO_REUSEPORT, so that several daemons share it
 *                                (default false)
 */
public record ListenerCommon(String protocol, String host, Integer port, Boolean wiretap, Duration idleTimeout,
                             List<String> allow, List<String> deny, Integer maxConnections,
                             Integer maxConnectionsPerClient, Boolean proxyProtocol, Boolean reusePort) {

    /** The keys bound apart from this record. */
    static final List<String> BLOCKS = List.of("tls", "concurrency", "work");

    /** The keys where a listener's block names its address and protocol; {@code --check} shows them as one. */
    private static final List<String> WHERE = List.of("protocol", "host", "port");

    /** Every key a listener has whatever its protocol: the components, then the blocks. */
    static final List<String> KEYS = keys();

    public ListenerCommon {
        allow = List.copyOf(Settings.orDefault(allow, List.of()));
        deny = List.copyOf(Settings.orDefault(deny, List.of()));
        maxConnections = Settings.range("max-connections", Settings.orDefault(maxConnections, 0), 0, 10_000_000);
        maxConnectionsPerClient = Settings.range("max-connections-per-client",
                Settings.orDefault(maxConnectionsPerClient, 0), 0, 10_000_000);
        proxyProtocol = Settings.orDefault(proxyProtocol, false);
        reusePort = Settings.orDefault(reusePort, false);
        if (port != null) {
            Settings.range("port", port, 0, 65535);
        }
        wiretap = Settings.orDefault(wiretap, false);
        idleTimeout = Settings.positive("idle-timeout", Settings.orDefault(idleTimeout, Duration.ofSeconds(60)));
    }

    /** The keys that say what the listener lets in. */
    ListenerConfig.Door door() {
        return new ListenerConfig.Door(allow, deny, maxConnections, maxConnectionsPerClient, proxyProtocol, reusePort);
    }

    /** The same keys with {@code reuse-port: true} (the processes of the processes model share the port). */
    ListenerCommon withReusePort() {
        return new ListenerCommon(protocol, host, port, wiretap, idleTimeout, allow, deny, maxConnections,
                maxConnectionsPerClient, proxyProtocol, true);
    }

    /**
     * The keys after the listener's address, by name with their values as validated, in declaration order, for
     * {@code --check}.
     */
    Map<String, Object> render() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : ListenerCommon.class.getRecordComponents()) {
            String key = key(c);
            if (!WHERE.contains(key)) {
                try {
                    out.put(key, c.getAccessor().invoke(this));
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    private static List<String> keys() {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : ListenerCommon.class.getRecordComponents()) {
            out.add(key(c));
        }
        out.addAll(BLOCKS);
        return List.copyOf(out);
    }

    /** The key of a component, as the configuration mapper names it. */
    private static String key(RecordComponent c) {
        return new PropertyNamingStrategies.KebabCaseStrategy().translate(c.getName());
    }
}
