package io.dualmigrate.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The one MiniCluster setup of the ITCases: RocksDB, file checkpoints, parallelism 2. */
final class FlinkCluster {

    static final int PARALLELISM = 2;

    private FlinkCluster() {}

    static MiniClusterExtension extension() {
        return extension(configuration());
    }

    /** A MiniCluster whose metrics all reach {@code reporter}, for tests that assert them. */
    static MiniClusterExtension extension(InMemoryReporter reporter) {
        return extension(reporter.addToConfiguration(configuration()));
    }

    /**
     * A MiniCluster whose metrics the Prometheus reporter serves on {@code port}, with slots for
     * the three jobs at once.
     */
    static MiniClusterExtension withPrometheusReporter(int port) {
        Configuration conf = configuration();
        conf.setString(
                "metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", String.valueOf(port));
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(6)
                        .setConfiguration(conf)
                        .build());
    }

    private static MiniClusterExtension extension(Configuration conf) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(4)
                        .setConfiguration(conf)
                        .build());
    }

    static Configuration configuration() {
        Configuration conf = new Configuration();
        conf.setString("state.backend.type", "rocksdb");
        conf.setString("execution.checkpointing.incremental", "true");
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "3");
        conf.setString("restart-strategy.fixed-delay.delay", "1 s");
        conf.setString("taskmanager.memory.managed.size", "256m");
        return conf;
    }

    /** An environment for one job: parallelism 2, checkpoints every 500 ms into a temp dir. */
    static StreamExecutionEnvironment environment() throws Exception {
        return environment(checkpointDirectory(), null);
    }

    /** A fresh folder for one job's checkpoints, under target/ so that a clean build removes it. */
    static Path checkpointDirectory() throws java.io.IOException {
        Path root = Files.createDirectories(Path.of("target", "checkpoints"));
        return Files.createTempDirectory(root.toAbsolutePath(), "job");
    }

    /**
     * An environment whose checkpoints go to {@code checkpoints} and are retained on cancel,
     * restored from {@code restoreFrom} when it is not null.
     */
    static StreamExecutionEnvironment environment(Path checkpoints, Path restoreFrom) {
        Configuration conf = new Configuration();
        conf.setString("execution.checkpointing.dir", checkpoints.toUri().toString());
        conf.setString(
                "execution.checkpointing.externalized-checkpoint-retention",
                "RETAIN_ON_CANCELLATION");
        if (restoreFrom != null) {
            conf.setString("execution.state-recovery.path", restoreFrom.toUri().toString());
        }
        conf.setString("execution.checkpointing.interval", "500 ms");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(PARALLELISM);
        return env;
    }
}
