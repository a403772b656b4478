package org.camelot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.camelot.server.config.ConfigException;
import org.camelot.server.config.ConfigLoader;
import org.camelot.server.testing.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A protocol written outside Camelot's source tree, compiled and packed into a jar by the test, dropped into a
 * plugins directory, and served over a socket: no edit to the server core.
 */
class PluginJarTest {

    @TempDir
    Path dir;

    private static final String PROVIDER = """
            package com.example.reverse;

            import java.nio.charset.StandardCharsets;
            import org.camelot.protocol.*;
            import org.camelot.protocol.framed.*;

            public final class ReverseProvider implements ProtocolProvider<ReverseProvider.ReverseSettings> {
                public record ReverseSettings(String prefix) {
                    public ReverseSettings {
                        prefix = Settings.orDefault(prefix, "");
                        if (prefix.length() > 10) {
                            throw new InvalidSettingException("prefix", prefix, "at most 10 characters");
                        }
                    }
                }

                public String name() { return "reverse"; }

                public Class<ReverseSettings> settingsType() { return ReverseSettings.class; }

                public Protocol create(ListenerContext<ReverseSettings> context) {
                    String prefix = context.settings().prefix();
                    return new FramedListenerProtocol("reverse", new FramedProtocol() {
                        private final Framing framing = new Framing((byte) '\\n', 256, false);
                        public Framing framing() { return framing; }
                        public Reply answer(byte[] line) {
                            String text = new StringBuilder(new String(line, StandardCharsets.UTF_8)).reverse().toString();
                            return Reply.send((prefix + text + "\\n").getBytes(StandardCharsets.UTF_8));
                        }
                        public Reply tooLong(String remote) { return Reply.CLOSE; }
                    });
                }
            }
            """;

    private Path buildPluginJar() throws Exception {
        Path src = dir.resolve("src/com/example/reverse/ReverseProvider.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, PROVIDER);
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), src.toString());
        assertEquals(0, rc, "the plugin compiles against the published API");
        Path jar = dir.resolve("plugins/reverse.jar");
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/org.camelot.protocol.ProtocolProvider"));
            out.write("com.example.reverse.ReverseProvider\n".getBytes());
            out.closeEntry();
        }
        return jar;
    }

    @Test
    void servesAProtocolFromAJarInThePluginsDirectory() throws Exception {
        buildPluginJar();
        try (RunningServer server = RunningServer.start(dir, """
                plugins: plugins
                listeners:
                  mirror:
                    protocol: reverse
                    host: 127.0.0.1
                    port: 0
                    prefix: "> "
                """)) {
            try (LineClient c = LineClient.connect(server.loopback("mirror"))) {
                c.send("camelot\n");
                assertEquals("> tolemac\n", c.readUntil('\n'));
            }
        }
    }

    @Test
    void pluginSettingsAreValidatedLikeBuiltInOnes() throws Exception {
        buildPluginJar();
        Path file = dir.resolve("camelot.yaml");
        Files.writeString(file, """
                plugins: plugins
                listeners:
                  mirror: {protocol: reverse, port: 0, prefx: "> "}
                """);
        var e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> new ConfigLoader().load(file, List.of()));
        assertTrue(e.getMessage().contains("listeners.mirror.prefx: unknown key"), e.getMessage());
        Files.writeString(file, "plugins: plugins\nlisteners: {mirror: {protocol: reverse, port: 0, prefix: \"far too long a prefix\"}}\n");
        e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> new ConfigLoader().load(file, List.of()));
        assertTrue(e.getMessage().contains("listeners.mirror.prefix: \"far too long a prefix\" (expected: at most 10 characters)"),
                e.getMessage());
    }

    @Test
    void withoutThePluginsDirectoryTheProtocolIsUnknown() throws Exception {
        Path file = dir.resolve("camelot.yaml");
        Files.writeString(file, "listeners: {mirror: {protocol: reverse, port: 0}}\n");
        var e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> new ConfigLoader().load(file, List.of()));
        assertTrue(e.getMessage().contains("listeners.mirror.protocol: \"reverse\" (expected: one of"), e.getMessage());
        assertFalse(e.getMessage().contains("reverse,"), e.getMessage());
    }

}
