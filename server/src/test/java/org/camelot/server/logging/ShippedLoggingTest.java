package org.camelot.server.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The configurations built in code are the shipped XML files, logger for logger and appender for appender. */
class ShippedLoggingTest {

    private static final Path CONFIG_FILE = Path.of("..", "config", "logback.xml");

    @Test
    void theConfigFileAsShippedIsRecognisedAndBuiltTheSame() throws Exception {
        byte[] xml = Files.readAllBytes(CONFIG_FILE);
        assertTrue(ShippedLogging.isShippedConfigFile(xml), "config/logback.xml changed: change "
                + "ShippedLogging.configFile to match it, then ShippedLogging.CONFIG_FILE_SHA256");
        assertEquals(describe(joran(CONFIG_FILE)), describe(built(ShippedLogging::configFile)));
    }

    @Test
    void theBuiltInConfigurationIsTheXmlOneThatWasInTheJar() throws Exception {
        Path xml = Path.of("src", "test", "resources", "builtin-logback.xml");
        assertEquals(describe(joran(xml)), describe(built(ShippedLogging::builtIn)));
    }

    @Test
    void logbackStartsWithTheBuiltInConfigurationUnlessPointedAtAFile() throws Exception {
        LoggerContext context = new LoggerContext();
        assertEquals(ch.qos.logback.classic.spi.Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY,
                new DefaultLogging().configure(context));
        assertEquals(describe(built(ShippedLogging::builtIn)), describe(context));
        String before = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", "elsewhere.xml");
        try {
            LoggerContext untouched = new LoggerContext();
            assertEquals(ch.qos.logback.classic.spi.Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY,
                    new DefaultLogging().configure(untouched));
            assertEquals("", describe(untouched).replaceAll("(?m)^ROOT level=DEBUG additive=true \\[\\]$", ""));
        } finally {
            if (before == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", before);
            }
        }
    }

    @Test
    void aChangedConfigFileIsNotTakenForTheShippedOne() throws Exception {
        String xml = Files.readString(CONFIG_FILE);
        assertFalse(ShippedLogging.isShippedConfigFile(xml.replace("level=\"WARN\"", "level=\"DEBUG\"").getBytes()));
        assertFalse(ShippedLogging.isShippedConfigFile((xml + " ").getBytes()));
    }

    private static LoggerContext joran(Path file) throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(file.toFile());
        return context;
    }

    private static LoggerContext built(Consumer<LoggerContext> configuration) {
        LoggerContext context = new LoggerContext();
        configuration.accept(context);
        return context;
    }

    /** Every logger with a level, an appender or no additivity; its appenders with their class, target and layout. */
    private static String describe(LoggerContext context) {
        try {
            TreeSet<String> lines = new TreeSet<>();
            for (Logger logger : context.getLoggerList()) {
                List<String> appenders = new ArrayList<>();
                for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                    Appender<ILoggingEvent> a = it.next();
                    String encoder = "";
                    if (a instanceof ConsoleAppender<ILoggingEvent> c) {
                        encoder = c.getTarget() + " " + ((PatternLayoutEncoder) c.getEncoder()).getPattern()
                                + " started=" + c.isStarted();
                    }
                    appenders.add(a.getName() + " " + a.getClass().getName() + " " + encoder);
                }
                if (logger.getLevel() != null || !appenders.isEmpty() || !logger.isAdditive()) {
                    lines.add(logger.getName() + " level=" + logger.getLevel() + " additive=" + logger.isAdditive()
                            + " " + appenders);
                }
            }
            return String.join("\n", lines);
        } finally {
            context.stop();
        }
    }
}
