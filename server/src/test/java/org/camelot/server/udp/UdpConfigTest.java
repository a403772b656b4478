package org.camelot.server.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.camelot.protocol.udp.UdpMode;
import org.camelot.protocol.udp.UdpSettings;
import org.camelot.server.config.CamelotConfig;
import org.camelot.server.config.ConfigException;
import org.camelot.server.config.ConfigLoader;
import org.camelot.server.config.ListenerConfig;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped configuration files and the listener-level rules for udp listeners. */
class UdpConfigTest {

    @RegisterExtension
    final CamelotExtension daemon = CamelotExtension.onDemand();

    /** Both shipped logback files write log-mode lines exactly as documented. */
    @ParameterizedTest
    @ValueSource(strings = {"../config/logback.xml", "src/test/resources/builtin-logback.xml"})
    void shippedLoggingWritesTheDocumentedDatagramLine(String file) throws Exception {
        LoggerContext context = new LoggerContext();
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(Path.of(file).toFile());
            ch.qos.logback.classic.Logger logger = context.getLogger("camelot.udp.udp");
            assertTrue(logger.isInfoEnabled());
            var appender = (OutputStreamAppender<?>) context.getLogger("camelot.udp").getAppender("udp-datagrams");
            assertNotNull(appender, "appender udp-datagrams on logger camelot.udp");
            assertEquals(false, context.getLogger("camelot.udp").isAdditive());
            LoggingEvent event = new LoggingEvent("test", logger, Level.INFO, "client {} sent \"{}\"", null,
                    new Object[] {"192.168.0.13:53211", "hello"});
            event.setTimeStamp(LocalDateTime.of(2021, 11, 22, 16, 36, 33, 167_000_000)
                    .atZone(ZoneId.systemDefault()).toInstant().toEpochMilli());
            String line = ((PatternLayoutEncoder) appender.getEncoder()).getLayout().doLayout(event);
            assertEquals("[2021-11-22 16:36:33,167] client 192.168.0.13:53211 sent \"hello\"" + System.lineSeparator(),
                    line);
        } finally {
            context.stop();
        }
    }

    @Test
    void defaultConfigurationRunsAnUpperUdpListenerOnPort6789() throws Exception {
        // The default file as shipped; its https listener's development certificates exist only after make certs.
        CamelotConfig config = new ConfigLoader().load(Path.of("../config/camelot.yaml"),
                List.of("listeners.https.tls=false"));
        ListenerConfig udp = config.listeners().stream().filter(l -> l.name().equals("udp")).findFirst().orElseThrow();
        assertEquals("udp", udp.provider().name());
        assertEquals(6789, udp.address().getPort());
        UdpSettings settings = (UdpSettings) udp.settings();
        assertEquals(UdpMode.UPPER, settings.mode());
        assertEquals(65_507, settings.maxDatagramSize());
        assertEquals(0, settings.rateLimit());
    }

    @Test
    void refusesTlsOnAUdpListener() {
        ConfigException e = assertThrows(ConfigException.class, () -> daemon.start("""
                listeners:
                  udp:
                    protocol: udp
                    host: 127.0.0.1
                    port: 0
                    tls:
                      certificate: server.pem
                      private-key: server-key.pem
                """).close());
        assertTrue(e.getMessage().contains("no TLS on a datagram (UDP) listener"), e.getMessage());
    }

    @Test
    void namesTheKeyOfABadValue() {
        assertEquals("listeners.udp.mode: \"shout\" (expected: one of log, echo, upper)", problem("mode: shout"));
        assertEquals("listeners.udp.max-datagram-size: 70000 (expected: an integer from 1 to 65527)",
                problem("max-datagram-size: 70000"));
        assertEquals("listeners.udp.rate-limit-burst: 10 (expected: no burst unless rate-limit is set)",
                problem("rate-limit-burst: 10"));
    }

    /** The problem reported for a udp listener with one extra line, without the file name. */
    private String problem(String line) {
        ConfigException e = assertThrows(ConfigException.class, () -> daemon.start("""
                listeners:
                  udp:
                    protocol: udp
                    host: 127.0.0.1
                    port: 0
                    %s
                """.formatted(line)).close());
        return e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
    }
}
