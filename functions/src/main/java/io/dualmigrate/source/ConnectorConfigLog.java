package io.dualmigrate.source;

import org.apache.flink.cdc.connectors.postgres.source.fetch.PostgresSourceFetchTaskContext;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps OLD's password out of the TaskManager logs: Flink CDC 3.5 logs each snapshot and stream
 * reader's whole Debezium configuration, password included, at INFO.
 *
 * <p>Lowers that one logger to WARN in the running JVM. Works with Flink's default Log4j 2; with
 * another logging backend it says so once, and {@code conf/flink/log4j-dualmigrate.properties}
 * describes the setting to make by hand.
 */
final class ConnectorConfigLog {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorConfigLog.class);
    private static final String LOGGER = PostgresSourceFetchTaskContext.class.getName();
    private static volatile boolean quieted;

    private ConnectorConfigLog() {}

    static void quiet() {
        if (quieted) {
            return;
        }
        try {
            Configurator.setLevel(LOGGER, Level.WARN);
        } catch (LinkageError e) {
            LOG.warn(
                    "Cannot lower the log level of {} (no Log4j 2): set it to WARN in the logging"
                            + " configuration, or it logs OLD's password",
                    LOGGER);
        }
        quieted = true;
    }
}
