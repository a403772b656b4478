package org.camelot.server.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import org.camelot.server.RunningServer;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

class UdpWiretapTest {

    @RegisterExtension
    final CamelotExtension daemon = CamelotExtension.onDemand();

    @Test
    void wiretapLogsDatagramsInAndOut() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger("camelot.wiretap.tapped");
        logger.addAppender(log);
        try (RunningServer s = daemon.start(
                "listeners: {tapped: {protocol: udp, host: 127.0.0.1, port: 0, mode: echo, threads: 1, wiretap: true}}\n");
             UdpPeer peer = UdpPeer.ipv4()) {
            byte[] reply = peer.exchange("tap".getBytes(StandardCharsets.US_ASCII), s.loopback("tapped"));
            assertArrayEquals("tap".getBytes(StandardCharsets.US_ASCII), reply);
            Thread.sleep(100);
        } finally {
            logger.detachAppender(log);
        }
        String all = String.join("\n", log.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
        assertTrue(all.contains("READ: DatagramPacket"), all);
        assertTrue(all.contains("74 61 70"), all);
    }
}
