package org.camelot.server.http3;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.camelot.testing.TestPki;

/**
 * What the HTTP/3 tests serve: small, precompressed and 10 MiB files, the bird survey sample and the test plugin's
 * echo route, on a TLS listener {@code webs} with {@code http3: true}.
 */
record H3Site(Path root, TestPki pki) {

    static final String MOTTO = "Camelot: tis a silly place, but it answers every request.\n";
    static final int BIG = 10 * 1024 * 1024;
    static final Path BIRDS = Path.of("..", "data", "birds-sample.csv").toAbsolutePath().normalize();
    static final Path SPECIES = Path.of("..", "data", "species-sample.csv").toAbsolutePath().normalize();

    static H3Site create(Path dir) throws Exception {
        return create(dir, TestPki.create(dir.resolve("pki")));
    }

    /** The site in {@code dir}, served with {@code pki}'s server certificate. */
    static H3Site create(Path dir, TestPki pki) throws Exception {
        Path root = Files.createDirectories(dir.resolve("site"));
        Files.writeString(root.resolve("motto.txt"), MOTTO);
        Files.writeString(root.resolve("index.html"), "<html><body>home</body></html>\n");
        Files.writeString(root.resolve("page.html"), "<html>" + "page ".repeat(400) + "</html>\n");
        Files.write(root.resolve("page.html.gz"), "GZIP-VARIANT".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(root.resolve("style.css"), "body { color: blue; }\n".repeat(100));
        Files.write(root.resolve("big.bin"), big());
        return new H3Site(root, pki);
    }

    static byte[] big() {
        byte[] b = new byte[BIG];
        new Random(11).nextBytes(b);
        return b;
    }

    /** The {@code webs} listener; {@code extras} are more of its keys, indented by four spaces. */
    String yaml(String extras) {
        return yaml(extras, "");
    }

    /** The same, with {@code filesExtras}: more keys of the files route, indented by eight spaces. */
    String yaml(String extras, String filesExtras) {
        return "shutdown-timeout: 10s\n"
                + "listeners:\n"
                + "  webs:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n" + pki.tlsYaml(4)
                + "    http3: true\n" + extras
                + "    routes:\n"
                + "      files:\n        root: " + root + "\n        cache-control: max-age=60\n" + filesExtras
                + "      birds:\n        csv: " + BIRDS + "\n        species: " + SPECIES + "\n"
                + "      echo:\n        path: /plugin\n";
    }
}
