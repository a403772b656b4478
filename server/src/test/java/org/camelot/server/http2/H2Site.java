package org.camelot.server.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.camelot.testing.TestPki;

/**
 * What the HTTP/2 tests serve: a site with small, precompressed and large files, the bird survey sample, and a
 * route from a plugin jar compiled by the test against the published route API, on a cleartext and a TLS listener.
 */
record H2Site(Path root, Path plugins, TestPki pki) {

    static final String MOTTO = "Camelot: tis a silly place, but it answers every request.\n";
    static final int BIG = 3 * 1024 * 1024 + 17;
    static final Path BIRDS = Path.of("..", "data", "birds-sample.csv").toAbsolutePath().normalize();
    static final Path SPECIES = Path.of("..", "data", "species-sample.csv").toAbsolutePath().normalize();

    /** A route written outside Camelot against the route API only: it knows nothing of HTTP/2. */
    private static final String ROUTE = """
            package com.example.greet;

            import java.util.concurrent.CompletionStage;
            import org.camelot.protocol.http.*;

            public final class GreetProvider implements RouteProvider<GreetProvider.GreetSettings> {
                public record GreetSettings(String greeting) {
                    public GreetSettings {
                        greeting = greeting == null ? "hail" : greeting;
                    }
                }

                public String name() { return "greet"; }

                public Class<GreetSettings> settingsType() { return GreetSettings.class; }

                public Route create(RouteContext<GreetSettings> context) {
                    String greeting = context.settings().greeting();
                    return request -> {
                        if (request.routePath().equals("/teapot")) {
                            return Response.status(io.netty.handler.codec.http.HttpResponseStatus.valueOf(418))
                                    .completed();
                        }
                        return Response.ok().header("X-Plugin", "greet").etag("\\"g1\\"")
                                .body(greeting + " " + request.routePath() + " " + request.parameters())
                                .completed();
                    };
                }
            }
            """;

    /** The site without the plugin route (no compiler run). */
    static H2Site create(Path dir) throws Exception {
        return create(dir, false);
    }

    /** @param plugin whether to build the plugin jar and mount its route at {@code /plugin} */
    static H2Site create(Path dir, boolean plugin) throws Exception {
        return create(dir, plugin, TestPki.create(dir.resolve("pki")));
    }

    /** The site in {@code dir}, served over TLS with {@code pki}'s server certificate. */
    static H2Site create(Path dir, boolean plugin, TestPki pki) throws Exception {
        Path root = Files.createDirectories(dir.resolve("site"));
        Files.writeString(root.resolve("motto.txt"), MOTTO);
        Files.writeString(root.resolve("index.html"), "<html><body>home</body></html>\n");
        Files.writeString(root.resolve("page.html"), "<html>" + "page ".repeat(400) + "</html>\n");
        Files.write(root.resolve("page.html.gz"), "GZIP-VARIANT".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(root.resolve("style.css"), "body { color: blue; }\n".repeat(100));
        Files.write(root.resolve("big.bin"), big());
        return new H2Site(root, plugin ? pluginJar(dir) : null, pki);
    }

    static byte[] big() {
        byte[] b = new byte[BIG];
        new Random(7).nextBytes(b);
        return b;
    }

    private static Path pluginJar(Path dir) throws IOException {
        Path src = dir.resolve("src/com/example/greet/GreetProvider.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, ROUTE);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), src.toString());
        assertEquals(0, rc, "the route compiles against the published route API");
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(plugins.resolve("greet.jar")));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/org.camelot.protocol.http.RouteProvider"));
            out.write("com.example.greet.GreetProvider\n".getBytes(StandardCharsets.US_ASCII));
            out.closeEntry();
        }
        return plugins;
    }

    /** {@code web} (cleartext) and {@code webs} (TLS) serving files, birds and the plugin route. */
    String yaml(String listenerExtras) {
        String routes = "    routes:\n"
                + "      files:\n        root: " + root + "\n        cache-control: max-age=60\n"
                + "      birds:\n        csv: " + BIRDS + "\n        species: " + SPECIES + "\n"
                + (plugins == null ? "" : "      greet:\n        path: /plugin\n        greeting: hail\n");
        return (plugins == null ? "" : "plugins: " + plugins + "\n")
                + "listeners:\n"
                + "  web:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n" + listenerExtras + routes
                + "  webs:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n" + pki.tlsYaml(4)
                + listenerExtras + routes;
    }
}
