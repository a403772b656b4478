package org.camelot.server.tls;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camelot.server.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The expiry gauge and the warning logged ahead of a certificate's end. */
class CertificateExpiryTest {

    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void capture() {
        log.start();
        ((Logger) LoggerFactory.getLogger("camelot.tls")).addAppender(log);
    }

    @AfterEach
    void release() {
        ((Logger) LoggerFactory.getLogger("camelot.tls")).detachAppender(log);
    }

    private RunningServer start(String warning) throws Exception {
        TestCertificates pki = new TestCertificates();
        Instant now = Instant.now();
        Path[] files = TestCertificates.write(dir, "soon", pki.issue(now.minus(80, ChronoUnit.DAYS),
                now.plus(3, ChronoUnit.DAYS), "soon.test"));
        return RunningServer.start(dir, """
                listeners:
                  upper:
                    protocol: upper
                    host: 127.0.0.1
                    port: 0
                    tls: {certificate: %s, private-key: %s%s}
                """.formatted(files[0], files[1], warning));
    }

    private boolean warned() {
        return log.list.stream().anyMatch(e -> e.getFormattedMessage().contains("CN=soon.test")
                && e.getFormattedMessage().contains("expires on") && e.getFormattedMessage().contains("in 2 days"));
    }

    @Test
    void warnsWithinTheDefaultFourteenDaysAndMeasures() throws Exception {
        try (RunningServer s = start("")) {
            assertTrue(warned(), log.list.toString());
            Matcher m = Pattern.compile("camelot_tls_certificate_expiry_seconds\\{listener=\"upper\","
                    + "subject=\"CN=soon.test\"} (\\S+)").matcher(s.server().scrape());
            assertTrue(m.find(), s.server().scrape());
            double seconds = Double.parseDouble(m.group(1));
            assertTrue(seconds > 2.9 * 86_400 && seconds <= 3 * 86_400, String.valueOf(seconds));
        }
    }

    @Test
    void staysQuietOutsideAShorterWindow() throws Exception {
        try (RunningServer s = start(", expiry-warning: 1d")) {
            assertTrue(!warned(), log.list.toString());
        }
    }
}
