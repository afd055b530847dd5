package io.dualmigrate.jobs;

import io.dualmigrate.testkit.EmbeddedPostgres;
import io.dualmigrate.testkit.FlinkRest;
import io.dualmigrate.testkit.KafkaBroker;
import io.dualmigrate.testkit.ProjectFiles;
import io.dualmigrate.testkit.StandaloneCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * The fault-injection ITCases' world: a standalone Flink session cluster (JobManager and two
 * TaskManagers with one slot each, separate JVMs) and two PostgreSQL servers, OLD and NEW, so that
 * either database can be stopped on its own. Started once per test run and shared by every class
 * that registers this extension (it takes ~15 s); closed when the run ends, and killed with the JVM
 * if it dies first.
 *
 * <p>Each class starts from a known state: every job of an earlier class cancelled, both databases
 * up, at least {@link #TASK_MANAGERS} TaskManagers. A test submits the shaded job jar with {@link
 * #submit}; any job the jar holds can be started that way (entry class and args).
 *
 * <p>A Kafka broker joins the world on the first call of {@link #kafka()}, so that only the classes
 * that need one (the shadow-read job's) pay for starting it; it then lives as long as the rest.
 */
final class ClusterExtension implements BeforeAllCallback {

    static final int TASK_MANAGERS = 2;

    private static final Namespace NAMESPACE = Namespace.create(ClusterExtension.class);

    private World world;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        world =
                context.getRoot()
                        .getStore(NAMESPACE)
                        .getOrComputeIfAbsent("world", key -> World.start(), World.class);
        world.cluster.cancelAllJobs(Duration.ofSeconds(60));
        world.ensureUp();
        ensureTaskManagers(TASK_MANAGERS);
    }

    StandaloneCluster cluster() {
        return world.cluster;
    }

    FlinkRest rest() {
        return world.cluster.rest();
    }

    EmbeddedPostgres old() {
        return world.old;
    }

    EmbeddedPostgres neu() {
        return world.neu;
    }

    /** The shared Kafka broker, started on first use; each test creates its own topics. */
    KafkaBroker kafka() throws IOException {
        return world.kafka();
    }

    /** A folder of this run for migration files and savepoints. */
    Path folder(String name) throws IOException {
        return Files.createDirectories(world.cluster.folder().resolve("tests").resolve(name));
    }

    /** Submits {@code entryClass} of the job jar with {@code args}; returns the job id. */
    String submit(String entryClass, List<String> args, int parallelism, String savepoint)
            throws Exception {
        return world.cluster.submit(
                world.jobJar, new FlinkRest.Submission(entryClass, args, parallelism, savepoint));
    }

    /** Starts TaskManagers until {@code count} are alive and registered. */
    void ensureTaskManagers(int count) throws Exception {
        while (world.cluster.taskManagers().size() < count) {
            world.cluster.startTaskManager();
        }
        world.cluster.awaitTaskManagers(
                world.cluster.taskManagers().size(), Duration.ofSeconds(60));
    }

    /**
     * Stops OLD at once ({@code pg_ctl stop -m immediate}, see {@link EmbeddedPostgres#crash()});
     * {@link #startOld()} brings it back on the same port, after crash recovery.
     */
    void crashOld() throws IOException, InterruptedException {
        world.old.crash();
    }

    void startOld() throws IOException {
        world.old = EmbeddedPostgres.start(world.old.directory(), world.oldPort);
    }

    void stopNew() throws IOException {
        world.neu.stop();
    }

    void startNew() throws IOException {
        world.neu = EmbeddedPostgres.start(world.neu.directory(), world.newPort);
    }

    /** The shared servers and cluster, closed by JUnit when the whole run ends. */
    static final class World implements ExtensionContext.Store.CloseableResource {
        final StandaloneCluster cluster;
        final Path jobJar;
        final int oldPort;
        final int newPort;
        volatile EmbeddedPostgres old;
        volatile EmbeddedPostgres neu;
        private KafkaBroker kafka;

        private World(
                StandaloneCluster cluster,
                Path jobJar,
                EmbeddedPostgres old,
                EmbeddedPostgres neu) {
            this.cluster = cluster;
            this.jobJar = jobJar;
            this.old = old;
            this.neu = neu;
            this.oldPort = old.port();
            this.newPort = neu.port();
        }

        static World start() {
            try {
                ProjectFiles project = ProjectFiles.find();
                Path folder =
                        Files.createTempDirectory(
                                Files.createDirectories(Path.of("target").toAbsolutePath()),
                                "standalone-cluster-");
                EmbeddedPostgres old = EmbeddedPostgres.start();
                EmbeddedPostgres neu = EmbeddedPostgres.start();
                StandaloneCluster cluster =
                        StandaloneCluster.start(
                                new StandaloneCluster.Settings(
                                        folder,
                                        project.flinkClasspath(),
                                        TASK_MANAGERS,
                                        1,
                                        project.log4jSettings(),
                                        Map.of(),
                                        true));
                return new World(cluster, project.jobJar(), old, neu);
            } catch (Exception e) {
                throw new IllegalStateException("could not start the standalone cluster", e);
            }
        }

        synchronized KafkaBroker kafka() throws IOException {
            if (kafka == null) {
                kafka = KafkaBroker.start();
            }
            return kafka;
        }

        /** Restarts a database an aborted test left stopped. */
        void ensureUp() throws IOException, InterruptedException {
            if (!isUp(old)) {
                old.crash();
                old = EmbeddedPostgres.start(old.directory(), oldPort);
            }
            if (!isUp(neu)) {
                neu.crash();
                neu = EmbeddedPostgres.start(neu.directory(), newPort);
            }
        }

        private static boolean isUp(EmbeddedPostgres server) {
            try (var c = server.connect("postgres")) {
                return true;
            } catch (Exception e) {
                return false;
            }
        }

        @Override
        public void close() throws Throwable {
            cluster.close();
            old.close();
            neu.close();
            synchronized (this) {
                if (kafka != null) {
                    kafka.close();
                }
            }
        }
    }
}
