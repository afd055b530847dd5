package io.dualmigrate.demo;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.BlobServerOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * A Flink cluster inside this JVM, set up like a small production one: RocksDB state, incremental
 * checkpoints every 2 s, parallelism 2, a bounded restart strategy, and the web UI on a free
 * localhost port.
 *
 * <p>The cluster outlives its jobs (unlike {@code executeAsync} on a local environment, which tears
 * the cluster down when the job ends), so a cancelled job can be inspected in the web UI until
 * {@link #close()}, and {@code close()} returns only when every task has stopped and released its
 * database connections. Everything Flink writes to disk stays under the folder given to {@link
 * #start(Path)}.
 */
public final class LocalCluster implements AutoCloseable {

    public static final int PARALLELISM = 2;
    public static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

    private final MiniCluster cluster;
    private final Configuration configuration;
    private final URI webUi;

    private LocalCluster(MiniCluster cluster, Configuration configuration, URI webUi) {
        this.cluster = cluster;
        this.configuration = configuration;
        this.webUi = webUi;
    }

    /** Starts the cluster; its checkpoints and temporary files go under {@code folder}. */
    public static LocalCluster start(Path folder) throws Exception {
        return start(folder, 1);
    }

    /** Starts a cluster with slots for {@code jobs} jobs running at the same time. */
    public static LocalCluster start(Path folder, int jobs) throws Exception {
        Configuration conf = configuration(folder);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, PARALLELISM * jobs);
        MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(PARALLELISM * jobs)
                                .build());
        cluster.start();
        try {
            return new LocalCluster(
                    cluster, conf, cluster.getRestAddress().get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    static Configuration configuration(Path folder) throws Exception {
        Path checkpoints = Files.createDirectories(folder.resolve("checkpoints"));
        Path tmp = Files.createDirectories(folder.resolve("tmp"));
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, CHECKPOINT_INTERVAL);
        // With checkpointing on, Flink's default is to restart forever: a broken job would loop.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
        conf.set(CoreOptions.DEFAULT_PARALLELISM, PARALLELISM);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, PARALLELISM);
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(256));
        // The web UI and the demo's closing counters read metrics at most this stale.
        conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
        // Only this machine can reach the web UI; port 0 lets the OS pick a free one.
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_PORT, "0");
        // RocksDB files, the blob store and the web UI's files would otherwise land in /tmp.
        conf.set(CoreOptions.TMP_DIRS, tmp.toString());
        conf.set(BlobServerOptions.STORAGE_DIRECTORY, tmp.toString());
        conf.set(WebOptions.TMP_DIR, tmp.toString());
        return conf;
    }

    /** The web UI, e.g. {@code http://127.0.0.1:40123}. */
    public URI webUi() {
        return webUi;
    }

    /** A fresh environment whose settings match the cluster's. */
    public StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(configuration);
        env.setParallelism(PARALLELISM);
        return env;
    }

    /** Submits the job defined on {@code env} and returns once the cluster has accepted it. */
    public JobClient submit(StreamExecutionEnvironment env, String jobName) throws Exception {
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(jobName);
        JobGraph job = graph.getJobGraph();
        cluster.submitJob(job).get(60, TimeUnit.SECONDS);
        return new MiniClusterJobClient(
                job.getJobID(),
                cluster,
                getClass().getClassLoader(),
                MiniClusterJobClient.JobFinalizationBehavior.NOTHING);
    }

    /** How a job that is done ended: "finished", or the root cause of its failure. */
    public static String outcome(JobClient job) {
        try {
            job.getJobExecutionResult().get();
            return "finished";
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return root.toString();
        }
    }

    /** Stops every job and the cluster, and waits until all tasks have stopped. */
    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
