package org.camelot.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.regex.Pattern;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** One combined-format line per answer on the logger {@code camelot.access.LISTENER}. */
class AccessLogTest {

    static final Pattern COMBINED = Pattern.compile(
            "127\\.0\\.0\\.1 - - \\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}] \"(.*)\" (\\d{3}) (\\d+) \"(.*)\" \"(.*)\"");

    static TestSite site;
    static final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @RegisterExtension
    static final CamelotExtension server = CamelotExtension.yaml(d -> {
        site = TestSite.create(d.dir(), d.pki());
        appender.start();
        ((Logger) LoggerFactory.getLogger("camelot.access.http")).addAppender(appender);
        return site.yaml("", "");
    });

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger("camelot.access.http")).detachAppender(appender);
    }

    private static List<String> lines(int expected) throws InterruptedException {
        for (int i = 0; i < 100 && appender.list.size() < expected; i++) {
            Thread.sleep(20);
        }
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void logsEachAnswerInTheCombinedFormatWithUnsafeCharactersEscaped() throws Exception {
        appender.list.clear();
        try (RawHttp c = RawHttp.plain(server.port("http"))) {
            c.get("/motto.txt", "Referer: http://example.org/", "User-Agent: test \"agent\" \\ 1.0");
            c.head("/motto.txt");
            c.get("/missing");
            c.get("/%zz");
        }
        List<String> lines = lines(4);
        assertEquals(4, lines.size(), String.valueOf(lines));
        var first = COMBINED.matcher(lines.get(0));
        assertTrue(first.matches(), lines.get(0));
        assertEquals("GET /motto.txt HTTP/1.1", first.group(1));
        assertEquals("200", first.group(2));
        assertEquals("58", first.group(3));
        assertEquals("http://example.org/", first.group(4));
        assertEquals("test \\x22agent\\x22 \\x5C 1.0", first.group(5));
        var head = COMBINED.matcher(lines.get(1));
        assertTrue(head.matches() && head.group(1).startsWith("HEAD ") && head.group(3).equals("0"), lines.get(1));
        var missing = COMBINED.matcher(lines.get(2));
        assertTrue(missing.matches() && missing.group(2).equals("404") && missing.group(4).equals("-"), lines.get(2));
        var bad = COMBINED.matcher(lines.get(3));
        assertTrue(bad.matches() && bad.group(1).equals("GET /%zz HTTP/1.1") && bad.group(2).equals("400"),
                lines.get(3));
    }
}
