package org.camelot.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import org.camelot.server.config.LoggingSettings;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@code logging:} block to Logback: levels, the console, a rolling file, and the access log in a file of
 * its own. Applying again (on reload) undoes what the previous block set.
 */
public final class LogbackSetup {

    /** The logger the access log is written to. */
    public static final String ACCESS_LOGGER = "camelot.access";

    private static final String FILE = "camelot-file";
    private static final String ACCESS = "camelot-access-file";
    private static final Set<String> configuredLevels = new HashSet<>();
    private static final Set<Appender<ILoggingEvent>> detachedConsoles = new HashSet<>();
    /** The access logger's additivity as {@code logback.xml} left it, restored when no access file is configured. */
    private static Boolean configuredAdditivity;

    private LogbackSetup() {
    }

    /** Forgets what was learnt from the logging configuration; call after Logback was configured again. */
    public static synchronized void reset() {
        configuredAdditivity = null;
        configuredLevels.clear();
        detachedConsoles.clear();
    }

    public static synchronized void apply(LoggingSettings s) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (String name : configuredLevels) {
            ctx.getLogger(name).setLevel(null);
        }
        configuredLevels.clear();
        root.setLevel(Level.toLevel(s.level()));
        s.levels().forEach((name, level) -> {
            ctx.getLogger(name).setLevel(Level.toLevel(level));
            configuredLevels.add(name);
        });

        console(root, s.console());
        replace(root, FILE, s.file() == null ? null
                : rolling(ctx, FILE, s.file(), "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n", s));
        Logger access = ctx.getLogger(ACCESS_LOGGER);
        replace(access, ACCESS, s.accessLog() == null ? null : rolling(ctx, ACCESS, s.accessLog(), "%msg%n", s));
        if (configuredAdditivity == null) {
            // First application since logback.xml was read: what it says is the rule to come back to.
            configuredAdditivity = access.isAdditive();
        }
        // With a file of its own, the access log stays out of the main log; without, logback.xml decides (the
        // shipped one sends it to an appender of its own, not additive, so that each line is written once).
        access.setAdditive(s.accessLog() == null && configuredAdditivity);
    }

    private static void console(Logger root, boolean on) {
        if (on) {
            detachedConsoles.forEach(root::addAppender);
            detachedConsoles.clear();
            return;
        }
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> a = it.next();
            if (a instanceof ch.qos.logback.core.ConsoleAppender<?>) {
                detachedConsoles.add(a);
            }
        }
        detachedConsoles.forEach(root::detachAppender);
    }

    private static void replace(Logger logger, String name, Appender<ILoggingEvent> next) {
        Appender<ILoggingEvent> old = logger.getAppender(name);
        if (next != null) {
            logger.addAppender(next);
        }
        if (old != null) {
            logger.detachAppender(old);
            old.stop();
        }
    }

    private static Appender<ILoggingEvent> rolling(LoggerContext ctx, String name, Path file, String pattern,
                                                   LoggingSettings s) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(ctx);
        appender.setName(name);
        appender.setFile(file.toString());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(ctx);
        policy.setParent(appender);
        policy.setFileNamePattern(file + ".%d{yyyy-MM-dd}.%i.gz");
        policy.setMaxFileSize(FileSize.valueOf(s.maxFileSize().replace(" ", "")));
        policy.setMaxHistory(s.maxHistory());
        policy.start();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern(pattern);
        encoder.start();
        appender.setRollingPolicy(policy);
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
