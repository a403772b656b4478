package org.camelot.server.launcelot;

import static org.camelot.server.launcelot.LauncelotConnection.ANSWERS;
import static org.camelot.server.launcelot.LauncelotConnection.COLOR;
import static org.camelot.server.launcelot.LauncelotConnection.NAME;
import static org.camelot.server.launcelot.LauncelotConnection.QUEST;
import static org.camelot.server.launcelot.LauncelotConnection.QUESTIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.camelot.server.RunningServer;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same Launcelot logic and framing rules under the blocking concurrency models as on the event loop. */
class LauncelotModelsTest {

    @RegisterExtension
    final CamelotExtension daemon = CamelotExtension.onDemand();

    @ParameterizedTest
    @ValueSource(strings = {"event-loop", "sequential", "thread-per-connection", "virtual-threads",
            "{model: thread-pool, threads: 4}"})
    void answersAndClosesAlikeUnderEveryModel(String concurrency) throws Exception {
        try (RunningServer server = daemon.start("""
                shutdown-timeout: 1s
                listeners:
                  lab:
                    protocol: launcelot
                    host: 127.0.0.1
                    port: 0
                    max-question-length: 64
                    unknown-question: close
                    concurrency: %s
                """.formatted(concurrency))) {
            try (LauncelotConnection c = LauncelotConnection.open(server.loopback("lab"))) {
                for (int i = 0; i < 10; i++) {
                    assertEquals(ANSWERS[i % 3], c.ask(QUESTIONS[i % 3]), "question " + i);
                }
                c.send(NAME + QUEST.substring(0, 7));
                assertEquals(ANSWERS[0], c.answer());
                c.send(QUEST.substring(7) + COLOR);
                assertEquals(ANSWERS[1], c.answer());
                assertEquals(ANSWERS[2], c.answer());
                c.send("Who goes there?");
                assertTrue(c.closedByServer(), "an unknown question closes the connection");
            }
            try (LauncelotConnection c = LauncelotConnection.open(server.loopback("lab"))) {
                c.send("x".repeat(64));
                assertTrue(c.closedByServer(), "64 bytes without '?' close the connection");
            }
        }
    }
}
