package org.camelot.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.camelot.protocol.upper.UpperSettings;
import org.camelot.server.tls.ListenerCertificates;
import org.camelot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private TestPki pki;

    @BeforeEach
    void certificates() {
        pki = TestPki.create(dir.resolve("pki"));
    }

    /** Loads the file and reads its certificate files, as start-up and {@code --check} do. */
    private CamelotConfig load(String yaml, String... overrides) throws Exception {
        Path file = dir.resolve("camelot.yaml");
        Files.writeString(file, yaml);
        CamelotConfig config = new ConfigLoader().load(file, List.of(overrides));
        ListenerCertificates.loadAll(config);
        return config;
    }

    /** The one-line messages of a configuration that must be refused. */
    private String errors(String yaml, String... overrides) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml, overrides));
        for (String line : e.getMessage().split("\n")) {
            assertTrue(line.startsWith(dir.resolve("camelot.yaml").toString() + ": "), "names the file: " + line);
        }
        return e.getMessage();
    }

    private static final String UPPER = """
            listeners:
              upper:
                protocol: upper
                host: 127.0.0.1
                port: 1234
            """;

    @Test
    void appliesDefaultsToAMinimalFile() throws Exception {
        CamelotConfig c = load(UPPER);
        assertEquals(TransportKind.AUTO, c.transport());
        assertEquals(0, c.ioThreads());
        assertEquals(Duration.ofSeconds(10), c.shutdownTimeout());
        ListenerConfig l = c.listeners().get(0);
        assertEquals("upper", l.name());
        assertEquals("upper", l.provider().name());
        assertEquals(1234, l.address().getPort());
        assertFalse(l.isTls());
        assertFalse(l.wiretap());
        assertEquals(Duration.ofSeconds(60), l.idleTimeout());
        assertEquals(1024, ((UpperSettings) l.settings()).maxLineLength());
    }

    @Test
    void absentHostBindsTheWildcardAddress() throws Exception {
        CamelotConfig c = load("listeners: {u: {protocol: upper, port: 1234}}");
        assertTrue(c.listeners().get(0).address().getAddress().isAnyLocalAddress());
    }

    @Test
    void bindsProtocolKeysFlatOnTheListener() throws Exception {
        CamelotConfig c = load(UPPER.replace("port: 1234", "port: 1234\n    max-line-length: 77\n    idle-timeout: 1500ms"));
        ListenerConfig l = c.listeners().get(0);
        assertEquals(77, ((UpperSettings) l.settings()).maxLineLength());
        assertEquals(Duration.ofMillis(1500), l.idleTimeout());
    }

    @Test
    void setOverridesAnyKeyWithTypedValues() throws Exception {
        CamelotConfig c = load(UPPER, "listeners.upper.port=0", "shutdown-timeout=2s", "transport=nio",
                "listeners.upper.wiretap=true");
        assertEquals(0, c.listeners().get(0).address().getPort());
        assertEquals(Duration.ofSeconds(2), c.shutdownTimeout());
        assertEquals(TransportKind.NIO, c.transport());
        assertTrue(c.listeners().get(0).wiretap());
    }

    @Test
    void setCanAddAWholeListener() throws Exception {
        CamelotConfig c = load(UPPER, "listeners.second.protocol=upper", "listeners.second.port=0");
        assertEquals(List.of("upper", "second"), c.listeners().stream().map(ListenerConfig::name).toList());
    }

    @Test
    void malformedSetIsRefused() {
        assertTrue(errors(UPPER, "listeners.upper.port").contains("--set"));
    }

    @Test
    void unknownKeySuggestsTheClosestKnownKey() {
        String m = errors(UPPER.replace("port: 1234", "port: 1234\n    max-line-lenght: 5"));
        assertTrue(m.contains("listeners.upper.max-line-lenght: unknown key"), m);
        assertTrue(m.contains("did you mean \"max-line-length\"?"), m);
    }

    @Test
    void unknownTopLevelKeySuggestsTheClosestKnownKey() {
        String m = errors("shutdown-timout: 5s\n" + UPPER);
        assertTrue(m.contains("shutdown-timout: unknown key"), m);
        assertTrue(m.contains("did you mean \"shutdown-timeout\"?"), m);
    }

    @Test
    void wrongTypeNamesTheValueAndTheExpectedType() {
        String m = errors(UPPER.replace("port: 1234", "port: high"));
        assertTrue(m.contains("listeners.upper.port: \"high\" (expected: an integer)"), m);
        m = errors(UPPER.replace("port: 1234", "port: 1234\n    wiretap: often"));
        assertTrue(m.contains("listeners.upper.wiretap: \"often\" (expected: true or false)"), m);
        m = errors("shutdown-timeout: soon\n" + UPPER);
        assertTrue(m.contains("shutdown-timeout: \"soon\" (expected: a duration such as"), m);
    }

    @Test
    void shutdownDelayIsADurationOfZeroOrMore() throws Exception {
        assertEquals(Duration.ZERO, load(UPPER).shutdownDelay());
        assertEquals(Duration.ofSeconds(5), load(UPPER, "shutdown-delay=5s").shutdownDelay());
        String m = errors("shutdown-delay: later\n" + UPPER);
        assertTrue(m.contains("shutdown-delay: \"later\" (expected: a duration such as"), m);
        m = errors("shutdown-delay: -1s\n" + UPPER);
        assertTrue(m.contains("shutdown-delay: "), m);
        assertTrue(m.contains("(expected: "), m);
    }

    @Test
    void portOutOfRange() {
        String m = errors(UPPER.replace("port: 1234", "port: 70000"));
        assertTrue(m.contains("listeners.upper.port: 70000 (expected: an integer from 0 to 65535)"), m);
    }

    @Test
    void missingPortAndProtocol() {
        assertTrue(errors("listeners: {a: {protocol: upper}}").contains("listeners.a.port: (missing)"));
        assertTrue(errors("listeners: {a: {port: 1}}").contains("listeners.a.protocol: (missing) (expected: one of"));
    }

    @Test
    void twoListenersOnOnePort() {
        String m = errors(UPPER + """
                  again:
                    protocol: upper
                    port: 1234
                """);
        assertTrue(m.contains("listeners.again.port: 1234 (expected: a port not used by listener \"upper\")"), m);
    }

    @Test
    void tcpAndUdpMayShareAPortNumber() throws Exception {
        CamelotConfig c = load(UPPER + """
                  datagrams:
                    protocol: test-discard-datagram
                    port: 1234
                """);
        assertEquals(2, c.listeners().size());
    }

    @Test
    void tlsOnADatagramListenerIsRefused() {
        String m = errors(pki.tlsYaml(0) + """
                listeners:
                  d:
                    protocol: test-discard-datagram
                    port: 0
                    tls: true
                """);
        assertTrue(m.contains("listeners.d.tls: true (expected: no TLS on a datagram (UDP) listener"), m);
    }

    @Test
    void unknownProtocolListsTheKnownOnes() {
        String m = errors(UPPER.replace("protocol: upper", "protocol: uper"));
        assertTrue(m.contains("listeners.upper.protocol: \"uper\" (expected: one of "), m);
        assertTrue(m.contains("upper"), m);
    }

    @Test
    void reportsEveryProblemAtOnce() {
        String m = errors("transport: epol\n" + """
                listeners:
                  a: {protocol: upper, port: 70000}
                  b: {protocol: upper, port: 1, max-line-length: 0}
                """);
        assertEquals(3, m.split("\n").length, m);
        assertTrue(m.contains("transport: \"epol\" (expected: one of auto, nio, epoll, io_uring)"), m);
        assertTrue(m.contains("listeners.b.max-line-length: 0 (expected: an integer from 2 to 1048576)"), m);
    }

    @Test
    void missingFileAndBrokenYaml() throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader().load(dir.resolve("nope.yaml"), List.of()));
        assertTrue(e.getMessage().contains("nope.yaml"), e.getMessage());
        Files.writeString(dir.resolve("camelot.yaml"), "listeners: [\n");
        e = assertThrows(ConfigException.class, () -> new ConfigLoader().load(dir.resolve("camelot.yaml"), List.of()));
        assertTrue(e.getMessage().contains("line "), e.getMessage());
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedAtItsFirstBadByte() throws Exception {
        Path file = dir.resolve("camelot.yaml");
        Files.write(file, "listeners:\n  a: {protocol: upper, port: 0}\nx: caf\u00e9 \u00ff\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader().load(file, List.of()));
        assertEquals(file + ": line 3, byte 7: byte 0xe9 (expected: a UTF-8 text file)", e.getMessage());
        Files.write(file, ("\uFEFFlisteners:\n  a: {protocol: upper, port: 0}\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(1, new ConfigLoader().load(file, List.of()).listeners().size(), "a byte order mark is fine");
    }

    @Test
    void tlsTrueUsesTheTopLevelBlockAndRelativePathsResolveAgainstTheFile() throws Exception {
        CamelotConfig c = load("""
                tls:
                  certificate: pki/server.pem
                  private-key: pki/server-key.pem
                listeners:
                  s: {protocol: upper, port: 0, tls: true}
                """);
        ListenerConfig l = c.listeners().get(0);
        assertTrue(l.isTls());
        assertEquals(pki.serverCert(), l.tls().certificate());
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), l.tls().protocols());
        assertEquals(ClientAuthMode.NONE, l.tls().clientAuth());
    }

    @Test
    void aListenerTlsBlockOverridesKeysOfTheTopLevelOne() throws Exception {
        CamelotConfig c = load(pki.tlsYaml(0) + """
                listeners:
                  s:
                    protocol: upper
                    port: 0
                    tls:
                      protocols: [TLSv1.3]
                      client-auth: require
                """);
        TlsSettings t = c.listeners().get(0).tls();
        assertEquals(List.of("TLSv1.3"), t.protocols());
        assertEquals(ClientAuthMode.REQUIRE, t.clientAuth());
        assertEquals(pki.serverCert(), t.certificate());
    }

    @Test
    void tlsFalseIsCleartext() throws Exception {
        CamelotConfig c = load(pki.tlsYaml(0) + "listeners: {s: {protocol: upper, port: 0, tls: false}}");
        assertFalse(c.listeners().get(0).isTls());
        assertNull(c.listeners().get(0).tlsPath());
    }

    @Test
    void tlsTrueWithoutATopLevelBlock() {
        assertTrue(errors("listeners: {s: {protocol: upper, port: 0, tls: true}}")
                .contains("listeners.s.tls: true (expected: a top-level tls: block"));
    }

    @Test
    void oldTlsVersionsAreRefused() {
        String m = errors(pki.tlsYaml(0) + "  protocols: [TLSv1.3, TLSv1.1]\n"
                + "listeners: {s: {protocol: upper, port: 0, tls: true}}");
        assertTrue(m.contains("tls.protocols[1]: \"TLSv1.1\" (expected: TLSv1.3 or TLSv1.2)"), m);
    }

    @Test
    void missingCertificateFile() {
        String m = errors("""
                tls: {certificate: pki/missing.pem, private-key: pki/server-key.pem}
                listeners: {s: {protocol: upper, port: 0, tls: true}}
                """);
        assertTrue(m.contains("tls.certificate: \"" + dir.resolve("pki/missing.pem") + "\""), m);
        assertTrue(m.contains("no such file"), m);
    }

    @Test
    void unreadableKeyFile() throws Exception {
        Path key = pki.serverKey();
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("---------"));
        try {
            if (Files.isReadable(key)) {
                return; // running as root: permissions do not stop reads, the missing-file case covers the path
            }
            String m = errors(pki.tlsYaml(0) + "listeners: {s: {protocol: upper, port: 0, tls: true}}");
            assertTrue(m.contains("tls.private-key"), m);
        } finally {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void garbageInsteadOfAKey() throws Exception {
        Files.writeString(dir.resolve("junk.pem"), "not a key\n");
        String m = errors(pki.tlsYaml(0).replace(pki.serverKey().toString(), dir.resolve("junk.pem").toString())
                + "listeners: {s: {protocol: upper, port: 0, tls: true}}");
        assertTrue(m.contains("tls.private-key: \"" + dir.resolve("junk.pem") + "\" (expected: a PEM file with"), m);
    }

    @Test
    void certificateThatDoesNotMatchItsKey() {
        String m = errors(pki.tlsYaml(0).replace(pki.serverKey().toString(), pki.clientKey().toString())
                + "listeners: {s: {protocol: upper, port: 0, tls: true}}");
        assertTrue(m.contains("tls.private-key: \"" + pki.clientKey() + "\" (expected: the private key of the certificate"), m);
    }

    @Test
    void clientAuthNeedsATrustFile() {
        String m = errors("""
                tls: {certificate: pki/server.pem, private-key: pki/server-key.pem, client-auth: require}
                listeners: {s: {protocol: upper, port: 0, tls: true}}
                """);
        assertTrue(m.contains("tls.trust: (missing) (expected: a PEM CA file for client certificates"), m);
    }

    @Test
    void listenerTlsErrorsNameTheListenerBlock() {
        String m = errors(pki.tlsYaml(0) + """
                listeners:
                  s:
                    protocol: upper
                    port: 0
                    tls: {client-auth: sometimes}
                """);
        assertTrue(m.contains("listeners.s.tls.client-auth: \"sometimes\" (expected: one of none, optional, require)"), m);
    }

    @Test
    void pluginsDirectoryMustExist() {
        assertTrue(errors("plugins: nowhere\n" + UPPER).contains("plugins: \"" + dir.resolve("nowhere")));
    }

    @Test
    void renderShowsTheResolvedConfiguration() throws Exception {
        CamelotConfig c = load(UPPER);
        String yaml = new ConfigLoader().render(c);
        assertTrue(yaml.contains("max-line-length: 1024"), yaml);
        assertTrue(yaml.contains("idle-timeout: 1m"), yaml);
        assertTrue(yaml.contains("address: 127.0.0.1:1234"), yaml);
    }

    /** Deserializers made ahead by prepareBinding are the ones load then uses: the same configuration binds alike. */
    @Test
    void bindingPreparedAheadGivesTheSameConfiguration() throws Exception {
        Path file = Files.writeString(dir.resolve("prepared.yaml"), """
                listeners:
                  web:
                    protocol: upper
                    host: 127.0.0.1
                    port: 0
                    max-line-length: 77
                    idle-timeout: 3s
                """);
        ConfigLoader prepared = new ConfigLoader();
        prepared.prepareBinding(ConfigLoaderTest.class.getClassLoader());
        CamelotConfig a = prepared.load(file, List.of());
        CamelotConfig b = new ConfigLoader().load(file, List.of());
        assertEquals(b.listeners().get(0).settings(), a.listeners().get(0).settings());
        assertEquals(b.listeners().get(0).common(), a.listeners().get(0).common());
        assertEquals(Duration.ofSeconds(3), a.listeners().get(0).common().idleTimeout());
        assertEquals(77, ((UpperSettings) a.listeners().get(0).settings()).maxLineLength());

        // A bad value is still reported with its key path after the head start.
        Path bad = Files.writeString(dir.resolve("bad.yaml"),
                "listeners: {web: {protocol: upper, port: 0, max-line-length: -5}}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> prepared.load(bad, List.of()));
        assertTrue(e.getMessage().contains("listeners.web.max-line-length"), e.getMessage());
    }
}
