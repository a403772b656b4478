package org.camelot.protocol.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.ListenerContext;

/** The routes of one listener, longest mount path first, so that the most specific one answers. */
final class RouteTable implements AutoCloseable {

    /** A route and where it is mounted. */
    record Mount(String path, Route route) {
        boolean matches(String requestPath) {
            return path.equals("/") || requestPath.equals(path)
                    || requestPath.startsWith(path) && requestPath.charAt(path.length()) == '/';
        }

        String routePath(String requestPath) {
            return path.equals("/") ? requestPath : requestPath.substring(path.length());
        }
    }

    /** Turns a route block into the plain keys and values the settings binder takes. */
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private final List<Mount> mounts;

    private RouteTable(List<Mount> mounts) {
        this.mounts = mounts;
    }

    /** A table of ready routes, longest mount path first (for tests and embedding). */
    static RouteTable of(List<Mount> mounts) {
        List<Mount> sorted = new ArrayList<>(mounts);
        sorted.sort(Comparator.comparingInt((Mount m) -> m.path().length()).reversed());
        return new RouteTable(List.copyOf(sorted));
    }

    /** The mount that answers {@code path}, or {@code null}. */
    Mount match(String path) {
        for (Mount m : mounts) {
            if (m.matches(path)) {
                return m;
            }
        }
        return null;
    }

    List<Mount> mounts() {
        return mounts;
    }

    /**
     * Creates every route of the listener; on a problem, closes those already created and throws with the key path
     * relative to the listener block.
     */
    static RouteTable create(ListenerContext<HttpSettings> listener) throws Exception {
        Map<String, RouteProvider<?>> providers = new TreeMap<>();
        for (RouteProvider<?> p : listener.services(RouteProvider.class)) {
            RouteProvider<?> previous = providers.putIfAbsent(p.name(), p);
            if (previous != null && previous.getClass() != p.getClass()) {
                throw new InvalidSettingException("routes", p.name(), "route types with distinct names, but "
                        + previous.getClass().getName() + " and " + p.getClass().getName() + " share it");
            }
        }
        List<Mount> mounts = new ArrayList<>();
        try {
            for (Map.Entry<String, JsonNode> e : listener.settings().routes().entrySet()) {
                Mount m = mount(listener, providers, e.getKey(), e.getValue());
                for (Mount other : mounts) {
                    if (other.path().equals(m.path())) {
                        m.route().close();
                        throw new InvalidSettingException("routes." + e.getKey() + ".path", m.path(),
                                "a path no other route of the listener is mounted at");
                    }
                }
                mounts.add(m);
            }
        } catch (Exception | Error e) {
            mounts.forEach(m -> m.route().close());
            throw e;
        }
        mounts.sort(Comparator.comparingInt((Mount m) -> m.path().length()).reversed());
        return new RouteTable(List.copyOf(mounts));
    }

    private static Mount mount(ListenerContext<HttpSettings> listener, Map<String, RouteProvider<?>> providers,
                               String name, JsonNode block) throws Exception {
        String key = "routes." + name;
        if (block != null && !block.isNull() && !block.isObject()) {
            throw new InvalidSettingException(key, block.toString(), "a block of route keys (type, path, ...)");
        }
        ObjectNode keys = block instanceof ObjectNode o ? o.deepCopy() : JsonNodeFactory.instance.objectNode();
        JsonNode typeNode = keys.remove("type");
        JsonNode pathNode = keys.remove("path");
        if (typeNode != null && !typeNode.isTextual()) {
            throw new InvalidSettingException(key + ".type", typeNode.toString(), "one of " + providers.keySet());
        }
        String type = typeNode == null ? name : typeNode.asText();
        RouteProvider<?> provider = providers.get(type);
        if (provider == null) {
            throw new InvalidSettingException(typeNode == null ? key : key + ".type", type,
                    (typeNode == null ? "a route type (set type: to one of " : "one of ") + providers.keySet()
                            + (typeNode == null ? ")" : ""));
        }
        if (pathNode != null && !pathNode.isTextual()) {
            throw new InvalidSettingException(key + ".path", pathNode.toString(), MountPaths.EXPECTED);
        }
        String path = MountPaths.check(key + ".path", pathNode == null ? provider.defaultPath() : pathNode.asText());
        return new Mount(path, create(provider, listener, name, path, keys, key));
    }

    private static <S> Route create(RouteProvider<S> provider, ListenerContext<HttpSettings> listener, String name,
                                    String path, ObjectNode keys, String key) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, ?> block = PLAIN.convertValue(keys, Map.class);
        S settings = listener.binder().bind(block, provider.settingsType(), key);
        try {
            Route route = provider.create(new MountedRoute<>(name, path, settings, listener));
            if (route == null) {
                throw new IllegalStateException(provider.getClass().getName() + ".create returned null");
            }
            return route;
        } catch (InvalidSettingException e) {
            throw e.under(key);
        }
    }

    /** What a route is told about its mount. */
    private record MountedRoute<S>(String name, String path, S settings, ListenerContext<?> listener)
            implements RouteContext<S> {
    }

    @Override
    public void close() {
        mounts.forEach(m -> {
            try {
                m.route().close();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(RouteTable.class).warn("closing route {}", m.path(), e);
            }
        });
    }
}
