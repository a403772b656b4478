package org.camelot.server.launcelot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.camelot.client.Main;
import org.camelot.server.RunningServer;
import org.camelot.testing.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code camelot-client launcelot --tls --cert FILE --key FILE} against a daemon's Launcelot listener with
 * {@code client-auth: require}: the conversation succeeds with a certificate the listener trusts, and fails in one
 * line without one or with one from another CA; {@code bench launcelot} presents it the same way.
 */
class LauncelotClientCertificateTest {

    private static final String THREE_ANSWERS =
            "My name is Sir Launcelot of Camelot.\nTo seek the Holy Grail.\nBlue.\n";

    @TempDir
    static Path dir;
    static TestPki pki;
    static TestPki stranger;
    static RunningServer server;

    /** What a run printed and returned. */
    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        stranger = TestPki.create(dir.resolve("stranger"));
        server = RunningServer.start(dir, """
                listeners:
                  mutual:
                    protocol: launcelot
                    host: 127.0.0.1
                    port: 0
                %s      client-auth: require
                """.formatted(pki.tlsYaml(4)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String port() {
        return String.valueOf(server.port("mutual"));
    }

    @Test
    void asksTheQuestionsPresentingTheClientCertificate() {
        Run r = run("launcelot", "localhost", port(), "--tls", "--cacert", pki.caPem().toString(),
                "--cert", pki.clientCert().toString(), "--key", pki.clientKey().toString(), "--repeat", "2");
        assertEquals(0, r.exit(), r.err());
        assertEquals(THREE_ANSWERS + THREE_ANSWERS, r.out());
        assertEquals("", r.err());
    }

    @Test
    void benchConversationsPresentTheClientCertificate() {
        Run r = run("bench", "launcelot", "localhost", port(), "--tls", "--cacert", pki.caPem().toString(),
                "--cert", pki.clientCert().toString(), "--key", pki.clientKey().toString(), "-c", "2", "-n", "20",
                "--progress", "never");
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("errors by kind: none"), r.out());
        Run without = run("bench", "launcelot", "localhost", port(), "--tls", "--cacert", pki.caPem().toString(),
                "-c", "1", "-n", "3", "--progress", "never");
        // Nothing succeeds without one: the exit code says so, and the table names the errors.
        assertEquals(1, without.exit(), without.out());
        assertTrue(!without.out().contains("errors by kind: none"), without.out());
    }

    @Test
    void failsInOneLineWithoutAClientCertificate() {
        Run r = run("launcelot", "localhost", port(), "--tls", "--cacert", pki.caPem().toString(), "--timeout", "5s");
        assertEquals(1, r.exit(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("launcelot: localhost:" + port() + ": "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void failsWithACertificateFromAnotherCa() {
        Run r = run("launcelot", "localhost", port(), "--tls", "--cacert", pki.caPem().toString(),
                "--cert", stranger.clientCert().toString(), "--key", stranger.clientKey().toString());
        assertEquals(1, r.exit(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("launcelot: localhost:" + port() + ": "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void refusesACertificateWithoutItsKeyOrFilesThatDoNotExist() {
        Run noKey = run("launcelot", "localhost", port(), "--tls", "--cert", pki.clientCert().toString());
        assertEquals(2, noKey.exit());
        assertTrue(noKey.err().contains("--cert needs --key"), noKey.err());

        Run noTls = run("launcelot", "localhost", port(), "--cert", pki.clientCert().toString(),
                "--key", pki.clientKey().toString());
        assertEquals(2, noTls.exit());
        assertTrue(noTls.err().contains("--cert is for TLS: add --tls"), noTls.err());

        Path missing = dir.resolve("missing.pem");
        Run absent = run("launcelot", "localhost", port(), "--tls", "--cacert", pki.caPem().toString(),
                "--cert", missing.toString(), "--key", pki.clientKey().toString());
        assertEquals(2, absent.exit());
        assertEquals("launcelot: --cert " + missing + ": no such file\n", absent.err());

        Run mismatched = run("launcelot", "localhost", port(), "--tls", "--cacert", pki.caPem().toString(),
                "--cert", pki.clientCert().toString(), "--key", pki.caPem().toString());
        assertEquals(2, mismatched.exit());
        assertTrue(mismatched.err().startsWith("launcelot: --cert " + pki.clientCert() + " --key " + pki.caPem()
                + ": not a PEM certificate and its PKCS#8 key"), mismatched.err());
    }
}
