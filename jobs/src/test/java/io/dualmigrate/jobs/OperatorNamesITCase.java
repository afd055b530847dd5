package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualmigrate.config.ShadowConfigLoader;
import io.dualmigrate.testkit.EmbeddedPostgres;
import io.dualmigrate.testkit.PostgresExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a person reading the job graph in the web UI sees: every operator of every job has a
 * readable name of its own (not Flink's default "Map" or "Process") and a stable uid, so that
 * savepoints restore into a new version of the job. The jobs are built against real databases, as
 * their start-up checks need them, but not run.
 */
class OperatorNamesITCase {

    private static final Set<String> DEFAULT_NAMES =
            Set.of(
                    "Map",
                    "Filter",
                    "Flat Map",
                    "Process",
                    "KeyedProcess",
                    "Sink: Unnamed",
                    "Source: Custom Source",
                    "Timestamps/Watermarks",
                    "async wait operator");

    /** Our uids; a sink's committer gets Flink's own, derived from the sink's uid. */
    private static final Pattern UID =
            Pattern.compile("(Sink Committer: )?[a-z][a-z0-9-]*[a-z0-9]");

    @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

    @Test
    void replicationJob() throws Exception {
        try (MigrationFixture m = new MigrationFixture(PG.server(), "names")) {
            m.createTable("events", "id int PRIMARY KEY, v int NOT NULL");
            StreamExecutionEnvironment env = FlinkCluster.environment();
            String withRateLimit =
                    m.header("")
                                    .replace(
                                            "    chunk-size: 500\n",
                                            "    chunk-size: 500\n    rate-limit: 10\n")
                            + "tables:\n  - source: public.events\n";
            ReplicationJob.build(env, m.config(withRateLimit));
            assertThat(badlyNamed(env)).isEmpty();
        }
    }

    @Test
    void parityJob() throws Exception {
        try (MigrationFixture m = new MigrationFixture(PG.server(), "names_parity")) {
            m.createTable("events", "id int PRIMARY KEY, v int NOT NULL");
            StreamExecutionEnvironment env = FlinkCluster.environment();
            ParityJob.build(env, m.configFor("", "events"), true);
            assertThat(badlyNamed(env)).isEmpty();
        }
    }

    @Test
    void shadowReadJob() throws Exception {
        EmbeddedPostgres pg = PG.server();
        pg.createDatabase("names_new");
        String yaml =
                "migration: {name: names}\n"
                        + "source: {hostname: 127.0.0.1, port: "
                        + pg.port()
                        + ", database: names_new, username: postgres, password-env: PW}\n"
                        + "target: {hostname: 127.0.0.1, port: "
                        + pg.port()
                        + ", database: names_new, username: postgres, password-env: PW}\n"
                        + "shadow:\n"
                        + "  kafka: {bootstrap-servers: '127.0.0.1:9', topics: [reads]}\n"
                        + "  entities:\n"
                        + "    - name: e\n"
                        + "      reread: {old: 'SELECT 1 AS id WHERE 1 = :id', new: 'SELECT 1 AS id"
                        + " WHERE 1 = :id'}\n";
        StreamExecutionEnvironment env = FlinkCluster.environment();
        ShadowReadJob.build(
                env, new ShadowConfigLoader(Map.of("PW", EmbeddedPostgres.PASSWORD)).parse(yaml));
        assertThat(badlyNamed(env)).isEmpty();
    }

    /** Operators without a uid of their own or with a default name, with what they have. */
    static List<String> badlyNamed(StreamExecutionEnvironment env) {
        List<String> bad = new ArrayList<>();
        List<String> uids = new ArrayList<>();
        for (StreamNode node : env.getStreamGraph(false).getStreamNodes()) {
            String name = node.getOperatorName();
            String uid = node.getTransformationUID();
            if (uid == null || !UID.matcher(uid).matches()) {
                bad.add(name + ": uid " + uid);
            } else if (uids.contains(uid)) {
                bad.add(name + ": uid " + uid + " used twice");
            }
            uids.add(uid);
            if (DEFAULT_NAMES.contains(name) || name.length() < 8) {
                bad.add(name + ": not a name a reader understands");
            }
        }
        assertThat(uids).as("operators found").hasSizeGreaterThan(3);
        return bad;
    }
}
