package org.camelot.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.ProtocolProvider;
import org.camelot.protocol.SocketType;
import org.camelot.server.PluginRegistry;

/**
 * Reads, overrides, binds and validates a configuration file into plain records. Every problem found is reported at
 * once, each naming the file, the key path, the value and what was expected. Nothing live is built here: the files
 * a {@code tls:} block names are read as the listeners start ({@code tls.ListenerCertificates.loadAll}), which
 * {@code --check} does too.
 */
public final class ConfigLoader {

    private final YAMLMapper mapper = ConfigMapper.create();

    /**
     * Makes the deserializers of the settings records that every configuration binds (the top level, a listener's
     * common keys, TLS, work, concurrency) and of the protocols found on {@code loader}'s class path, ahead of the
     * first {@link #load}. Jackson's introspection of a record costs milliseconds each before the JIT has compiled
     * it; the daemon calls this on a thread of its own while the main thread parses the command line and reads the
     * file, and the deserializers it makes are the ones {@code load} then takes from the mapper's cache. What fails
     * here is left for {@code load} to find and report.
     */
    public void prepareBinding(ClassLoader loader) {
        // In the order load() needs them: it waits for a deserializer this thread is making rather than make it too.
        for (Class<?> type : List.of(RootSettings.class, ListenerCommon.class, TlsSettings.class,
                ConcurrencySettings.class, WorkSettings.class)) {
            prepare(type);
        }
        try {
            for (ProtocolProvider<?> provider : java.util.ServiceLoader.load(ProtocolProvider.class, loader)) {
                prepare(provider.settingsType());
            }
        } catch (java.util.ServiceConfigurationError | RuntimeException e) {
            // load() meets the same provider and says what is wrong with it
        }
    }

    private void prepare(Class<?> type) {
        try {
            mapper.readerFor(type);   // fetches the root deserializer eagerly (EAGER_DESERIALIZER_FETCH)
        } catch (RuntimeException e) {
            // load() binds the same type and reports the problem with the key path
        }
    }

    /**
     * @param file      the YAML file; relative paths inside it are resolved against its directory
     * @param overrides {@code key.path=value} strings applied before binding
     */
    public CamelotConfig load(Path file, List<String> overrides) throws ConfigException {
        String name = file.toString();
        Path absolute = file.toAbsolutePath().normalize();
        Path baseDirectory = absolute.getParent();
        ObjectNode tree = read(file, name);
        try {
            Overrides.apply(tree, overrides, mapper);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, new ConfigProblem("--set", e.getMessage(), "key.path=value"));
        }
        YamlSettingsBinder binder = new YamlSettingsBinder(mapper, baseDirectory);
        List<ConfigProblem> problems = new ArrayList<>();
        RootSettings root = bindRoot(tree, binder, problems);
        PluginRegistry registry = loadPlugins(root, problems);
        List<ListenerConfig> listeners = new ArrayList<>();
        if (root.listeners().isEmpty()) {
            problems.add(new ConfigProblem("listeners", "(none)", "at least one listener"));
        }
        for (Map.Entry<String, JsonNode> e : root.listeners().entrySet()) {
            try {
                listeners.add(bindListener(e.getKey(), e.getValue(), root.tls(), registry, binder));
            } catch (InvalidSettingException ex) {
                problems.add(BindingErrors.problem(ex));
            }
        }
        checkPortConflicts(listeners, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(name, problems);
        }
        return new CamelotConfig(file, root.transport(), root.ioThreads(), root.shutdownTimeout(), root.shutdownDelay(),
                root.plugins(), root.trafficShaping(), root.logging(), listeners, registry, overrides);
    }

    /**
     * Binds the top-level keys; a bad one is reported, dropped and the rest bound again, so that one run reports the
     * problems of every key and every listener.
     */
    private static RootSettings bindRoot(ObjectNode tree, YamlSettingsBinder binder, List<ConfigProblem> problems) {
        ObjectNode remaining = tree.deepCopy();
        for (int attempt = 0; ; attempt++) {
            try {
                return binder.bind(remaining, RootSettings.class, "");
            } catch (InvalidSettingException e) {
                problems.add(BindingErrors.problem(e));
                String top = e.key().split("[.\\[]", 2)[0];
                if (remaining.remove(top) == null || attempt > 50) {
                    return binder.bind(JsonNodeFactory.instance.objectNode(), RootSettings.class, "");
                }
            }
        }
    }

    private ObjectNode read(Path file, String name) throws ConfigException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigException(name, new ConfigProblem("", InvalidSettingException.describe(file.toString()),
                    "a readable YAML configuration file"));
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(text(file, name));
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new ConfigException(name, new ConfigProblem(where, e.getOriginalMessage().split("\n")[0],
                    "valid YAML"));
        } catch (IOException e) {
            throw new ConfigException(name, new ConfigProblem("", e.getMessage() != null ? e.getMessage()
                    : e.getClass().getSimpleName(), "a readable YAML configuration file"));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new ConfigException(name, new ConfigProblem("", tree.toString(), "a block of keys at the top level"));
        }
        return object;
    }

    /** The file as UTF-8 text (YAML's encoding here), or a problem pointing at the first byte that is not. */
    private static String text(Path file, String name) throws IOException, ConfigException {
        byte[] bytes = Files.readAllBytes(file);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new ConfigException(name, new ConfigProblem("line " + line + ", byte " + (at - lineStart + 1),
                    String.format("byte 0x%02x", bytes[at] & 0xff), "a UTF-8 text file"));
        }
        String text = out.flip().toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private PluginRegistry loadPlugins(RootSettings root, List<ConfigProblem> problems) {
        if (root.plugins() != null && !Files.isDirectory(root.plugins())) {
            problems.add(new ConfigProblem("plugins", InvalidSettingException.describe(root.plugins().toString()),
                    "a directory of plugin jars"));
            return PluginRegistry.load(null);
        }
        try {
            return PluginRegistry.load(root.plugins());
        } catch (IllegalStateException e) {
            problems.add(new ConfigProblem("plugins", InvalidSettingException.describe(String.valueOf(root.plugins())),
                    e.getMessage()));
            return PluginRegistry.load(null);
        }
    }

    private ListenerConfig bindListener(String name, JsonNode block, JsonNode topTls, PluginRegistry registry,
                                        YamlSettingsBinder binder) {
        String path = "listeners." + name;
        if (!(block instanceof ObjectNode object)) {
            throw new InvalidSettingException(path, block == null ? null : block.toString(),
                    "a block with protocol, port and the protocol's settings");
        }
        ObjectNode commonNode = JsonNodeFactory.instance.objectNode();
        ObjectNode protocolNode = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (ListenerCommon.BLOCKS.contains(f.getKey())) {
                continue;
            }
            (ListenerCommon.KEYS.contains(f.getKey()) ? commonNode : protocolNode).set(f.getKey(), f.getValue());
        }
        ListenerCommon common = binder.bind(commonNode, ListenerCommon.class, path);
        if (common.protocol() == null) {
            throw new InvalidSettingException(path + ".protocol", null, "one of " + registry.names());
        }
        ProtocolProvider<?> provider = registry.find(common.protocol()).orElseThrow(() ->
                new InvalidSettingException(path + ".protocol", common.protocol(), "one of " + registry.names()));
        if (common.port() == null) {
            throw new InvalidSettingException(path + ".port", null, "a port number from 0 to 65535 (0: any free port)");
        }
        Object settings = binder.bind(protocolNode, provider.settingsType(), path, ListenerCommon.KEYS);
        InetSocketAddress address = address(path, common);

        TlsSettings tls = null;
        String tlsPath = null;
        JsonNode tlsNode = object.get("tls");
        JsonNode merged = mergeTls(path, tlsNode, topTls);
        if (merged != null) {
            if (provider.socketType() == SocketType.DATAGRAM) {
                throw new InvalidSettingException(path + ".tls",
                        tlsNode.isBoolean() ? (Object) tlsNode.booleanValue() : tlsNode.toString(),
                        "no TLS on a datagram (UDP) listener; remove the key or set it to false");
            }
            tlsPath = tlsNode.isObject() ? path + ".tls" : "tls";
            tls = binder.bind(merged, TlsSettings.class, tlsPath);
        }
        ListenerConfig.Door door = common.door();
        checkDoor(path, door, provider.socketType());
        ConcurrencySettings concurrency = ConcurrencyBinding.bind(path, object.get("concurrency"),
                provider.socketType(), door, binder);
        WorkSettings work = binder.bind(object.get("work"), WorkSettings.class, path + ".work");
        if (tls != null && tls.certificates().isEmpty() && concurrency.model() != ConcurrencyModel.EVENT_LOOP) {
            throw new InvalidSettingException(path + ".concurrency", concurrency.model().toString(),
                    "event-loop for a listener whose certificate comes from ACME only (the blocking models serve "
                            + "the first certificate file)");
        }
        return new ListenerConfig(name, provider, settings, address, tls, tlsPath, common, concurrency, work);
    }

    private static void checkDoor(String path, ListenerConfig.Door door, SocketType type) {
        try {
            org.camelot.server.guard.AccessRules.of(door.allow(), door.deny(), () -> { });
        } catch (InvalidSettingException e) {
            throw e.under(path);
        }
        if (type == SocketType.DATAGRAM) {
            String why = "nothing: connection limits and the PROXY protocol are for TCP listeners";
            if (door.maxConnections() > 0) {
                throw new InvalidSettingException(path + ".max-connections", door.maxConnections(), why);
            }
            if (door.maxConnectionsPerClient() > 0) {
                throw new InvalidSettingException(path + ".max-connections-per-client", door.maxConnectionsPerClient(), why);
            }
            if (door.proxyProtocol()) {
                throw new InvalidSettingException(path + ".proxy-protocol", true, why);
            }
        }
    }

    private static JsonNode mergeTls(String path, JsonNode tlsNode, JsonNode topTls) {
        if (tlsNode == null || tlsNode.isNull() || (tlsNode.isBoolean() && !tlsNode.booleanValue())) {
            return null;
        }
        boolean haveTop = topTls != null && topTls.isObject();
        if (tlsNode.isBoolean()) {
            if (!haveTop) {
                throw new InvalidSettingException(path + ".tls", true,
                        "a top-level tls: block to use, or a tls block of the listener's own");
            }
            return topTls;
        }
        if (tlsNode.isObject()) {
            ObjectNode merged = haveTop ? ((ObjectNode) topTls).deepCopy() : JsonNodeFactory.instance.objectNode();
            if (tlsNode.has("certificates")) { // the listener's own list replaces the top-level single pair
                merged.remove(List.of("certificate", "private-key"));
            } else if (tlsNode.has("certificate")) {
                merged.remove("certificates");
            }
            merged.setAll((ObjectNode) tlsNode);
            return merged;
        }
        throw new InvalidSettingException(path + ".tls", tlsNode.toString(),
                "true, false, or a block of TLS keys overriding the top-level tls: block");
    }

    private static InetSocketAddress address(String path, ListenerCommon common) {
        if (common.host() == null || common.host().isBlank() || common.host().equals("*")) {
            return new InetSocketAddress(common.port());
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(common.host()), common.port());
        } catch (UnknownHostException e) {
            throw new InvalidSettingException(path + ".host", common.host(),
                    "an IP address or a host name that resolves, such as 127.0.0.1, ::1 or localhost");
        }
    }

    private static void checkPortConflicts(List<ListenerConfig> listeners, List<ConfigProblem> problems) {
        for (int i = 0; i < listeners.size(); i++) {
            ListenerConfig a = listeners.get(i);
            for (int j = 0; j < i; j++) {
                ListenerConfig b = listeners.get(j);
                if (a.address().getPort() != 0 && a.address().getPort() == b.address().getPort()
                        && a.provider().socketType() == b.provider().socketType() && overlap(a, b)) {
                    problems.add(new ConfigProblem("listeners." + a.name() + ".port",
                            String.valueOf(a.address().getPort()),
                            "a port not used by listener \"" + b.name() + "\""));
                }
            }
        }
    }

    private static boolean overlap(ListenerConfig a, ListenerConfig b) {
        InetAddress x = a.address().getAddress();
        InetAddress y = b.address().getAddress();
        return x.isAnyLocalAddress() || y.isAnyLocalAddress() || x.equals(y);
    }

    /**
     * A binder for protocols' nested settings, resolving relative paths against {@code baseDirectory} the same way
     * the configuration file's own keys are.
     */
    public static org.camelot.protocol.SettingsBinder binder(Path baseDirectory) {
        return new YamlSettingsBinder(ConfigMapper.create(), baseDirectory);
    }

    /** Keys that do not apply (null) are left out of what {@code --check} prints. */
    private static JsonNode withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> nulls = new ArrayList<>();
            object.fieldNames().forEachRemaining(k -> {
                if (object.get(k).isNull()) {
                    nulls.add(k);
                }
            });
            object.remove(nulls);
        }
        return node;
    }

    /** The resolved configuration as YAML, for {@code --check}. */
    public String render(CamelotConfig config) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("file", config.file().toAbsolutePath().normalize().toString());
        out.put("transport", config.transport().toString());
        out.put("io-threads", config.ioThreads());
        out.put("shutdown-timeout", config.shutdownTimeout());
        out.put("shutdown-delay", config.shutdownDelay());
        out.put("traffic-shaping", config.trafficShaping());
        out.put("logging", config.logging());
        if (config.plugins() != null) {
            out.put("plugins", config.plugins());
        }
        out.put("protocols", config.registry().names());
        Map<String, Object> ls = new java.util.LinkedHashMap<>();
        for (ListenerConfig l : config.listeners()) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("protocol", l.provider().name());
            m.put("address", l.address().getAddress().getHostAddress() + ":" + l.address().getPort());
            m.put("tls", l.tls() == null ? false : l.tls());
            m.putAll(l.common().render());
            m.put("concurrency", withoutNulls(mapper.valueToTree(l.concurrency())));
            m.put("work", mapper.valueToTree(l.work()));
            JsonNode settings = mapper.valueToTree(l.settings());
            settings.fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue()));
            ls.put(l.name(), m);
        }
        out.put("listeners", ls);
        try {
            return mapper.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
