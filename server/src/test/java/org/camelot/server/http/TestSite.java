package org.camelot.server.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.camelot.server.testing.CamelotExtension;
import org.camelot.testing.TestPki;

/**
 * The files the HTTP tests serve: a site directory, a directory beside it that must never be reachable, and
 * symbolic links from one to the other.
 *
 * @param root    the directory served
 * @param outside a directory next to it, holding {@link #SECRET}
 * @param pki     certificates for the TLS listener
 */
record TestSite(Path root, Path outside, Path listed, TestPki pki) {

    static final String MOTTO = "Camelot: tis a silly place, but it answers every request.\n";
    static final String SECRET = "TOP SECRET: the grail is in the castle Aaargh";
    static final int BIG = 10 * 1024 * 1024;

    static TestSite create(Path dir) throws IOException {
        return create(dir, TestPki.create(dir.resolve("pki")));
    }

    /** The site's files in {@code dir}, served over TLS with {@code pki}'s server certificate. */
    static TestSite create(Path dir, TestPki pki) throws IOException {
        Path root = Files.createDirectories(dir.resolve("site"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        Files.writeString(dir.resolve("secret.txt"), SECRET);
        Files.writeString(root.resolve("motto.txt"), MOTTO);
        Files.writeString(root.resolve("index.html"), "<html><body>home</body></html>\n");
        Files.writeString(root.resolve("data.json"), "{\"a\":1}\n");
        Files.write(root.resolve("empty.txt"), new byte[0]);
        Files.write(root.resolve("big.bin"), bigBytes());
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/index.html"), "<html><body>docs index</body></html>\n");
        Files.createDirectories(root.resolve("noindex"));
        Files.writeString(root.resolve("noindex/file.txt"), "in noindex\n");
        Files.writeString(root.resolve(".secret"), SECRET);
        Files.createDirectories(root.resolve(".hidden"));
        Files.writeString(root.resolve(".hidden/file.txt"), SECRET);
        Files.createDirectories(root.resolve("%2e%2e"));
        Files.writeString(root.resolve("%2e%2e/literal.txt"), "a directory really named %2e%2e\n");
        Files.writeString(root.resolve("caf\u00e9 menu.txt"), "spam spam spam\n");
        // precompressed variants; the .br is not real brotli, the server never looks inside
        Files.writeString(root.resolve("page.html"), "<html>" + "page ".repeat(200) + "</html>\n");
        Files.write(root.resolve("page.html.gz"), "GZIP-VARIANT".getBytes(StandardCharsets.US_ASCII));
        Files.write(root.resolve("page.html.br"), "BROTLI-VARIANT".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(root.resolve("style.css"), "body { color: blue; }\n");
        Files.write(root.resolve("style.css.gz"), "STALE-GZIP".getBytes(StandardCharsets.US_ASCII));
        Files.setLastModifiedTime(root.resolve("style.css.gz"), FileTime.fromMillis(1_000_000_000_000L));
        // links: out of the root (refused unless allowed) and inside it (fine)
        Files.createSymbolicLink(root.resolve("link-out.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("dir-out"), outside);
        Files.createSymbolicLink(root.resolve("link-in.txt"), root.resolve("motto.txt"));
        Files.createSymbolicLink(root.resolve("relative-out.txt"), Path.of("../secret.txt"));
        // a directory that the listing route shows
        Path listed = Files.createDirectories(dir.resolve("listed"));
        Files.writeString(listed.resolve("<img src=x onerror=alert(1)>.txt"), "x");
        Files.writeString(listed.resolve("a&b \"c\".txt"), "x");
        Files.createDirectories(listed.resolve("sub dir"));
        Files.writeString(listed.resolve(".dotfile"), "x");
        return new TestSite(root, outside, listed, pki);
    }

    /** A daemon serving a new site (made in its directory) on {@code http} and {@code https}; see {@link #yaml}. */
    static CamelotExtension daemon(String listenerExtras, String routeExtras) {
        return CamelotExtension.yaml(d -> create(d.dir(), d.pki()).yaml(listenerExtras, routeExtras));
    }

    /** The site that a {@link #daemon} serves. */
    static TestSite of(CamelotExtension daemon) {
        Path dir = daemon.dir();
        return new TestSite(dir.resolve("site"), dir.resolve("outside"), dir.resolve("listed"), daemon.pki());
    }

    /** A connection to a {@link #daemon}'s {@code https} or {@code http} listener, trusting its CA. */
    static RawHttp connect(CamelotExtension daemon, boolean tls) throws Exception {
        return RawHttp.open(tls, daemon.port(tls ? "https" : "http"), daemon.pki().caPem());
    }

    static byte[] bigBytes() {
        byte[] b = new byte[BIG];
        new Random(42).nextBytes(b);
        return b;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A configuration with an {@code http} (cleartext) and an {@code https} listener serving the site. */
    String yaml(String listenerExtras, String routeExtras) {
        String routes = "    routes:\n"
                + "      files:\n"
                + "        root: " + root + "\n"
                + "        cache-control: max-age=60\n"
                + routeExtras
                + "      listing:\n"
                + "        type: files\n"
                + "        path: /listed\n"
                + "        root: " + listed + "\n"
                + "        listing: true\n"
                + "      follow:\n"
                + "        type: files\n"
                + "        path: /follow\n"
                + "        root: " + root + "\n"
                + "        follow-symlinks-outside-root: true\n"
                + "      nolinks:\n"
                + "        type: files\n"
                + "        path: /nolinks\n"
                + "        root: " + root + "\n"
                + "        follow-symlinks: false\n"
                + "      dots:\n"
                + "        type: files\n"
                + "        path: /dots\n"
                + "        root: " + root + "\n"
                + "        dotfiles: true\n";
        return "listeners:\n"
                + "  http:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n" + listenerExtras + routes
                + "  https:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n" + pki.tlsYaml(4)
                + listenerExtras + routes;
    }
}
