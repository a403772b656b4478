package org.camelot.server.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's first configuration, found by Logback as a service (services come before Logback's own search for
 * {@code logback-test.xml} and {@code logback.xml} on the class path): {@link ShippedLogging#builtIn}, unless Logback
 * was pointed at a file with {@code -Dlogback.configurationFile}, which Logback then reads as usual. The daemon then
 * reads the {@code logback.xml} beside its configuration file, if there is one.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class DefaultLogging extends ContextAwareBase implements Configurator {

    /** For the service loader. */
    public DefaultLogging() {
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ShippedLogging.builtIn(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
