package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dualmigrate.config.MigrationConfig;
import io.dualmigrate.config.ShadowConfig;
import io.dualmigrate.config.ShadowConfigLoader;
import io.dualmigrate.parity.ParityReport;
import io.dualmigrate.testkit.EmbeddedPostgres;
import io.dualmigrate.testkit.KafkaExtension;
import io.dualmigrate.testkit.PostgresExtension;
import io.dualmigrate.testkit.PrometheusServer;
import io.dualmigrate.testkit.Sql;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard and the alert rules against live data: the jobs run with the Flink
 * Prometheus reporter, a real Prometheus scrapes them with the committed local scrape config and
 * loads the committed rules, and every dashboard expression must parse and return data.
 */
class MonitoringITCase {

    private static final Path CONF = Path.of("..", "conf").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REPORTER_PORT = freePort();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.withPrometheusReporter(REPORTER_PORT);

    @RegisterExtension static final PostgresExtension PG = new PostgresExtension();
    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

    private static final String READ_LOG = "reads";

    @TempDir Path work;
    private int reads;

    @Test
    void everyDashboardExpressionReturnsDataAndEveryRuleIsHealthy() throws Exception {
        try (MigrationFixture m = new MigrationFixture(PG.server(), "monitoring")) {
            m.createTable("events", "id int PRIMARY KEY, v int NOT NULL");
            Sql.exec(m.old, "INSERT INTO events SELECT g, 0 FROM generate_series(1, 2000) g;\n");
            MigrationConfig config =
                    m.configFor(
                            "parity:\n  rate-limit: 400\n  range-rows: 200\n"
                                    + "  recheck-delay: 3 s\n  metrics-linger: 6 s\n",
                            "events");
            m.start(config);
            m.awaitConverged("events", "id, v", Duration.ofSeconds(90));
            // Drift the parity run will confirm: a row NEW holds differently, never updated again.
            Sql.exec(m.neu, "UPDATE events SET v = -1 WHERE id = 1;\n");
            KAFKA.broker().createTopic(READ_LOG, 1);
            JobClient shadow = startShadowReads(m);
            try (PrometheusServer prometheus = startPrometheus();
                    KafkaProducer<byte[], byte[]> reads = KAFKA.broker().producer()) {
                Map<String, String> expressions = dashboardExpressions();
                // Parity first, while OLD is quiet, with Prometheus scraping it; then live writes.
                ParityReport parity = Parity.run(config, false);
                Awaits.until(
                        () -> {
                            Sql.exec(m.old, "UPDATE events SET v = v + 1 WHERE id % 20 = 0;\n");
                            sendReads(reads);
                            return emptyResults(prometheus, expressions);
                        },
                        List::isEmpty,
                        Duration.ofSeconds(90));
                assertThat(emptyResults(prometheus, expressions)).isEmpty();
                assertThat(unhealthyRules(prometheus)).isEmpty();
                assertThat(parity.table("public.events").drift()).isEqualTo(1);
                assertThat(
                                JSON.readTree(
                                                prometheus.query(
                                                        "last_over_time(flink_taskmanager_job_task_operator_table_parityPercent[1h])"))
                                        .at("/data/result/0/value/1")
                                        .asDouble())
                        .as("the final parity the bounded job left for the scraper")
                        .isEqualTo(99.95);
            } finally {
                shadow.cancel().get();
            }
        }
    }

    /** The shadow-read job over the read-log topic, writing its tables into NEW. */
    private static JobClient startShadowReads(MigrationFixture m) throws Exception {
        String connection =
                "{hostname: 127.0.0.1, port: "
                        + m.pg.port()
                        + ", username: postgres, password-env: PG_PW, database: ";
        String yaml =
                "migration: {name: monitoring}\n"
                        + "source: "
                        + connection
                        + "old_monitoring}\n"
                        + "target: "
                        + connection
                        + "new_monitoring}\n"
                        + "shadow:\n"
                        + "  kafka: {bootstrap-servers: '"
                        + KAFKA.broker().bootstrapServers()
                        + "', topics: ["
                        + READ_LOG
                        + "], starting-offsets: earliest}\n"
                        + "  pairing: {window: 1 s, max-out-of-orderness: 1 s, idleness: 2 s}\n"
                        + "  confirm: {delay: 1 s}\n"
                        + "  output: {flush-interval: 200 ms}\n"
                        + "  entities:\n"
                        + "    - name: event\n"
                        + "      reread:\n"
                        + "        old: 'SELECT id, v, 0 AS version FROM events WHERE id = :id'\n"
                        + "        new: 'SELECT id, v, _dm_version AS version FROM events"
                        + " WHERE id = :id'\n";
        ShadowConfig config =
                new ShadowConfigLoader(Map.of("PG_PW", EmbeddedPostgres.PASSWORD)).parse(yaml);
        StreamExecutionEnvironment env = FlinkCluster.environment();
        ShadowReadJob.build(env, config);
        return env.executeAsync("shadow reads monitoring");
    }

    /**
     * At the current time: eight matching read pairs, one whose NEW side differs in type (no
     * re-read query: reported at once) and one that looks stale but is equal in both databases on
     * re-read (replication lag).
     */
    private void sendReads(KafkaProducer<byte[], byte[]> producer) {
        long now = System.currentTimeMillis();
        for (int i = 0; i < 10; i++) {
            String entity = i == 9 ? "event" : "order";
            String old = i == 9 ? "{\"id\":20,\"v\":1}" : "{\"total\":7}";
            String neu = i == 9 ? "{\"id\":20,\"v\":0}" : i == 0 ? "{\"total\":\"7\"}" : old;
            String event =
                    "{\"request_id\":\"r"
                            + (reads++)
                            + "\",\"entity\":\""
                            + entity
                            + "\",\"key\":{\"id\":"
                            + (i == 9 ? 20 : i)
                            + "},\"event_time\":"
                            + now
                            + ",\"old\":{\"found\":true,\"payload\":"
                            + old
                            + "},\"new\":{\"found\":true,\"payload\":"
                            + neu
                            + "}}";
            producer.send(
                    new ProducerRecord<>(READ_LOG, null, event.getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
    }

    private PrometheusServer startPrometheus() throws IOException {
        Path config = work.resolve("prometheus.yml");
        Files.copy(CONF.resolve("prometheus/prometheus-local.yml"), config);
        Files.copy(
                CONF.resolve("prometheus/dualmigrate-alerts.yml"),
                work.resolve("dualmigrate-alerts.yml"));
        Files.createDirectories(work.resolve("targets"));
        Files.writeString(
                work.resolve("targets/flink.json"),
                "[{\"targets\": [\"127.0.0.1:" + REPORTER_PORT + "\"]}]");
        return PrometheusServer.start(config, work);
    }

    /** Panel title and target → expression, with Grafana's variables filled in as it would. */
    static Map<String, String> dashboardExpressions() throws IOException {
        JsonNode dashboard =
                JSON.readTree(CONF.resolve("grafana/dualmigrate-dashboard.json").toFile());
        Map<String, String> expressions = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.put(
                        panel.get("title").asText() + " / " + target.get("refId").asText(),
                        target.get("expr")
                                .asText()
                                .replace("$__rate_interval", "30s")
                                .replace("$job", ".*"));
            }
        }
        return expressions;
    }

    /** The expressions that fail to parse or return no series, with Prometheus's answer. */
    private static List<String> emptyResults(
            PrometheusServer prometheus, Map<String, String> expressions) throws IOException {
        List<String> empty = new ArrayList<>();
        for (Map.Entry<String, String> e : expressions.entrySet()) {
            JsonNode answer = JSON.readTree(prometheus.query(e.getValue()));
            if (!answer.path("status").asText().equals("success")
                    || answer.at("/data/result").isEmpty()) {
                empty.add(e.getKey() + ": " + e.getValue() + " -> " + answer);
            }
        }
        return empty;
    }

    private static List<String> unhealthyRules(PrometheusServer prometheus) throws IOException {
        JsonNode answer = JSON.readTree(prometheus.rules());
        List<String> unhealthy = new ArrayList<>();
        int rules = 0;
        for (JsonNode group : answer.at("/data/groups")) {
            for (JsonNode rule : group.get("rules")) {
                rules++;
                if (!rule.path("health").asText().equals("ok")) {
                    unhealthy.add(rule.get("name").asText() + ": " + rule);
                }
            }
        }
        if (rules == 0) {
            unhealthy.add("no rules loaded: " + answer);
        }
        return unhealthy;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
