package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualmigrate.config.MigrationConfig;
import io.dualmigrate.config.MigrationConfigLoader;
import io.dualmigrate.testkit.PostgresExtension;
import io.dualmigrate.testkit.Sql;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The databases' passwords never reach a log line, even with Flink CDC logging at INFO. */
class SecretsITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

    private static final String OLD_PASSWORD = "old-Pa55-7f3a9c";
    private static final String NEW_PASSWORD = "new-Pa55-b81e02";

    @Test
    void passwordsStayOutOfTheLogs() throws Exception {
        StringWriter log = new StringWriter();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        WriterAppender capture =
                WriterAppender.createAppender(
                        PatternLayout.newBuilder().withPattern("%c %m%n").build(),
                        null,
                        log,
                        "capture",
                        false,
                        true);
        capture.start();
        context.getConfiguration().addAppender(capture);
        context.getConfiguration().getRootLogger().addAppender(capture, Level.ALL, null);
        Configurator.setLevel("org.apache.flink.cdc", Level.INFO);
        Configurator.setLevel("io.debezium", Level.INFO);
        context.updateLoggers();
        try (MigrationFixture m = new MigrationFixture(PG.server(), "secrets")) {
            m.createTable("accounts", "id int PRIMARY KEY, owner text NOT NULL");
            Sql.exec(
                    m.old,
                    "INSERT INTO accounts SELECT g, 'o' || g FROM generate_series(1, 50) g;\n");
            // The embedded server trusts local connections, so any password logs in.
            MigrationConfig config =
                    new MigrationConfigLoader(
                                    Map.of("OLD_PW", OLD_PASSWORD, "NEW_PW", NEW_PASSWORD))
                            .parse(m.header("") + "tables:\n  - source: public.accounts\n");
            m.start(config);
            m.awaitConverged("accounts", "id, owner", Duration.ofSeconds(90));
            Sql.exec(m.old, "UPDATE accounts SET owner = 'changed' WHERE id = 1;\n");
            m.awaitConverged("accounts", "id, owner", Duration.ofSeconds(60));
        } finally {
            context.getConfiguration().getRootLogger().removeAppender("capture");
            Configurator.setLevel("org.apache.flink.cdc", Level.ERROR);
            Configurator.setLevel("io.debezium", Level.ERROR);
            context.updateLoggers();
            capture.stop();
        }
        String text = log.toString();
        assertThat(text)
                .as("Flink CDC's INFO lines were captured")
                .contains("org.apache.flink.cdc");
        assertThat(text).doesNotContain(OLD_PASSWORD).doesNotContain(NEW_PASSWORD);
    }
}
