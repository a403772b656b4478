package org.camelot.server;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.camelot.protocol.ProtocolProvider;

/**
 * The protocols Camelot knows: those on the class path and those in the jars of the plugins directory, found by
 * {@link ServiceLoader}. The server core names no protocol; it looks each one up here by its name.
 */
public final class PluginRegistry {

    private final ClassLoader loader;
    private final Map<String, ProtocolProvider<?>> providers;

    private PluginRegistry(ClassLoader loader, Map<String, ProtocolProvider<?>> providers) {
        this.loader = loader;
        this.providers = providers;
    }

    /**
     * @param pluginsDirectory a directory of plugin jars, or {@code null} for the class path alone
     * @throws IllegalStateException if a plugin cannot be loaded or two protocols share a name
     */
    public static PluginRegistry load(Path pluginsDirectory) {
        ClassLoader loader = classLoader(pluginsDirectory);
        Map<String, ProtocolProvider<?>> providers = new TreeMap<>();
        try {
            for (ProtocolProvider<?> p : ServiceLoader.load(ProtocolProvider.class, loader)) {
                ProtocolProvider<?> previous = providers.putIfAbsent(p.name(), p);
                if (previous != null && previous.getClass() != p.getClass()) {
                    throw new IllegalStateException("two protocols named \"" + p.name() + "\": "
                            + previous.getClass().getName() + " and " + p.getClass().getName());
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("plugin jars whose protocols load: " + e.getMessage());
        }
        return new PluginRegistry(loader, providers);
    }

    private static ClassLoader classLoader(Path dir) {
        ClassLoader parent = PluginRegistry.class.getClassLoader();
        if (dir == null) {
            return parent;
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException("jar paths that form URLs: " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException("a readable directory: " + e.getMessage());
        }
        return jars.isEmpty() ? parent : new URLClassLoader("camelot-plugins", jars.toArray(URL[]::new), parent);
    }

    public Optional<ProtocolProvider<?>> find(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    /** The known protocol names, sorted. */
    public List<String> names() {
        return List.copyOf(providers.keySet());
    }

    /** Every implementation of {@code service} on the class path and in the plugins directory. */
    public <T> List<T> services(Class<T> service) {
        List<T> out = new ArrayList<>();
        ServiceLoader.load(service, loader).forEach(out::add);
        return out;
    }
}
