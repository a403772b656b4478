package org.camelot.server.http3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.camelot.client.Main;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code camelot-client http get --http3} against the daemon: the body, the head as curl prints it, the same
 * certificate errors as over HTTP/1.1 and HTTP/2, and the command-line errors.
 */
class Http3ClientCommandTest {

    static H3Site site;
    static ch.qos.logback.classic.Level rootLevel;

    @RegisterExtension
    static final CamelotExtension server = CamelotExtension.yaml(Http3ClientCommandTest::yaml);

    record Run(int exit, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    static String yaml(CamelotExtension d) throws Exception {
        // The server logs to standard output, which these tests capture from the client: silence it.
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(ch.qos.logback.classic.Level.OFF);
        site = H3Site.create(d.dir(), d.pki());
        return site.yaml("");
    }

    @AfterAll
    static void stop() {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(rootLevel);
    }

    static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = Main.commandLine().execute(args);
            System.out.flush();
            return new Run(exit, o.toByteArray(), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static String url(String host, String path) {
        return "https://" + host + ":" + server.port("webs") + path;
    }

    private static String ca() {
        return site.pki().caPem().toString();
    }

    @Test
    void fetchesTheBodyAndTheHead() {
        Run r = run("http", "get", "--http3", "--cacert", ca(), url("localhost", "/big.bin"));
        assertEquals(0, r.exit(), r.err());
        assertArrayEquals(H3Site.big(), r.out());
        r = run("http", "get", "--http3", "-i", "--cacert", ca(), url("127.0.0.1", "/motto.txt"));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.text().startsWith("HTTP/3 200\r\n"), r.text());
        assertTrue(r.text().contains("\r\ncontent-length: " + H3Site.MOTTO.length() + "\r\n"), r.text());
        assertTrue(r.text().endsWith("\r\n\r\n" + H3Site.MOTTO), r.text());
        r = run("http", "get", "--http3", "--cacert", ca(), url("localhost", "/nope"));
        assertEquals(22, r.exit(), r.err());
    }

    @Test
    void saysWhyACertificateIsRefused() {
        Run r = run("http", "get", "--http3", url("localhost", "/motto.txt"));
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("certificate verify failed: unable to get local issuer certificate"), r.err());
        Run h1 = run("http", "get", url("localhost", "/motto.txt"));
        assertEquals(h1.err().substring(h1.err().indexOf(": ", 10)), r.err().substring(r.err().indexOf(": ", 10)),
                "the same message as over HTTP/1.1");
    }

    @Test
    void refusesWhatCannotWork() {
        Run r = run("http", "get", "--http3", "http://127.0.0.1:" + server.port("webs") + "/");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--http3 needs an https:// URL"), r.err());
        r = run("http", "get", "--http3", "--http2", url("localhost", "/"));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("exclude each other"), r.err());
    }
}
