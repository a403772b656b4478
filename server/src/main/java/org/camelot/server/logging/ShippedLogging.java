package org.camelot.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The logging configurations Camelot ships, built in code: Logback's XML configurator loads some 650 classes and
 * interprets its model for a tenth of the daemon's start-up, for a configuration that is always the same. Two of
 * them: the one used when no {@code logback.xml} sits beside the configuration file ({@link DefaultLogging}), and
 * {@code config/logback.xml} as shipped, recognised by its bytes. A {@code logback.xml} changed in any way is read
 * by Logback's XML configurator as before; the tests check that both built configurations equal their XML form.
 */
public final class ShippedLogging {

    /** The main log's layout. */
    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n";
    /** The SHA-256 of {@code config/logback.xml} as shipped. */
    static final String CONFIG_FILE_SHA256 = "45bb1149fb676f0f2a6537f92b2958c68195e1260877cc78c631655067214592";

    private ShippedLogging() {
    }

    /** Whether {@code xml} is {@code config/logback.xml} exactly as shipped. */
    public static boolean isShippedConfigFile(byte[] xml) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(xml);
            return HexFormat.of().formatHex(sha).equals(CONFIG_FILE_SHA256);
        } catch (NoSuchAlgorithmException e) {
            return false;
        }
    }

    /**
     * Without a {@code logback.xml}: everything to the console at INFO, Netty at WARN, and the datagram lines of
     * udp listeners in {@code mode: log} with a layout of their own.
     */
    public static void builtIn(LoggerContext context) {
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        context.getLogger("io.netty").setLevel(Level.WARN);
        datagrams(context);
        root.addAppender(console(context, "console", PATTERN));
    }

    /**
     * {@code config/logback.xml}: as {@link #builtIn}, and the access log to the console without the prefix (not
     * additive, so written once), {@code camelot.tls} and {@code camelot.wiretap} at INFO.
     */
    public static void configFile(LoggerContext context) {
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger access = context.getLogger("camelot.access");
        access.setLevel(Level.INFO);
        access.setAdditive(false);
        access.addAppender(console(context, "access", "%msg%n"));
        context.getLogger("io.netty").setLevel(Level.WARN);
        context.getLogger("camelot.tls").setLevel(Level.INFO);
        context.getLogger("camelot.wiretap").setLevel(Level.INFO);
        datagrams(context);
        root.setLevel(Level.INFO);
        root.addAppender(console(context, "console", PATTERN));
    }

    /** One line per datagram: {@code [2021-11-22 16:36:33,167] client 192.168.0.13:53211 sent "hello"}. */
    private static void datagrams(LoggerContext context) {
        Logger udp = context.getLogger("camelot.udp");
        udp.setLevel(Level.INFO);
        udp.setAdditive(false);
        udp.addAppender(console(context, "udp-datagrams", "[%d{ISO8601}] %msg%n"));
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggerContext context, String name, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
