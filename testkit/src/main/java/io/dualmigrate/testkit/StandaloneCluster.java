package io.dualmigrate.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A standalone Flink session cluster: one JobManager and TaskManagers, each its own JVM, started
 * from the Maven-resolved Flink jars (the classpath the {@code cluster} module writes) the way
 * Flink's {@code bin/jobmanager.sh} and {@code bin/taskmanager.sh} start them. Jobs are submitted
 * as jars over REST, as {@code flink run} does.
 *
 * <p>Why not the MiniCluster: a real cluster is where a TaskManager can die with {@code kill -9}
 * while the JobManager lives on, where the job jar's classes are loaded by the user-code class
 * loader, and where checkpoints and savepoints have to round-trip through files.
 *
 * <p>Everything lives under one folder: {@code conf/config.yaml} and {@code conf/log4j.properties},
 * {@code log/}, {@code pids/}, {@code checkpoints/}, {@code savepoints/}, {@code tmp/}. {@link
 * #attach(Path)} finds a running cluster again from that folder (used by {@code ./dualmigrate
 * cluster}). A cluster started with {@link Settings#stopOnExit()} is killed by {@link #close()} or,
 * at the latest, when this JVM exits.
 */
public final class StandaloneCluster implements AutoCloseable {

    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final String JOBMANAGER = "jobmanager";
    private static final String TASKMANAGER = "taskmanager-";

    /**
     * How to start a cluster.
     *
     * @param folder where configuration, logs, pids, checkpoints and savepoints go
     * @param classpath the Flink jars (the cluster's {@code lib/}), as a path list
     * @param taskManagers how many TaskManagers to start with
     * @param slotsPerTaskManager task slots of each TaskManager
     * @param log4jExtra log4j properties appended to the cluster's logging configuration, or null
     * @param configuration further Flink options, overriding the defaults of {@link #start}
     * @param stopOnExit kill the processes when this JVM exits (tests); false for a cluster that
     *     outlives the command that started it
     */
    public record Settings(
            Path folder,
            String classpath,
            int taskManagers,
            int slotsPerTaskManager,
            Path log4jExtra,
            Map<String, String> configuration,
            boolean stopOnExit) {}

    private final Path folder;
    private final String classpath;
    private final FlinkRest rest;
    private final Map<String, ProcessHandle> processes = new TreeMap<>();
    private final Thread exitHook;
    private ResourceArgs taskManagerArgs;
    private int nextTaskManager;

    private StandaloneCluster(Path folder, String classpath, int restPort, boolean stopOnExit) {
        this.folder = folder;
        this.classpath = classpath;
        this.rest = new FlinkRest(URI.create("http://127.0.0.1:" + restPort));
        this.exitHook = stopOnExit ? new Thread(this::killAll, "standalone-cluster-stop") : null;
        if (exitHook != null) {
            Runtime.getRuntime().addShutdownHook(exitHook);
        }
    }

    /**
     * Writes the configuration and starts the JobManager and the TaskManagers; returns when every
     * TaskManager has registered.
     *
     * <p>Defaults: loopback addresses on free ports, RocksDB with incremental checkpoints every 2 s
     * into {@code checkpoints/} (retained on cancel), savepoints into {@code savepoints/}, a
     * bounded failure-rate restart strategy (at most 20 failures in 5 min, 2 s apart), heartbeats
     * every 2 s with a 10 s timeout, slots spread evenly over the TaskManagers, 768 MB per
     * JobManager and 1 GB per TaskManager process, metrics served by REST at most 1 s old.
     */
    public static StandaloneCluster start(Settings settings)
            throws IOException, InterruptedException {
        Path folder = settings.folder().toAbsolutePath();
        for (String sub :
                List.of("conf", "log", "pids", "checkpoints", "savepoints", "tmp", "uploads")) {
            Files.createDirectories(folder.resolve(sub));
        }
        try (Stream<Path> stale = Files.list(folder.resolve("pids"))) {
            for (Path pid : stale.toList()) {
                Files.delete(pid);
            }
        }
        int rpcPort = freePort();
        int restPort = freePort();
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("jobmanager.rpc.address", "127.0.0.1");
        conf.put("jobmanager.rpc.port", Integer.toString(rpcPort));
        conf.put("jobmanager.bind-host", "127.0.0.1");
        conf.put("taskmanager.bind-host", "127.0.0.1");
        conf.put("taskmanager.host", "127.0.0.1");
        conf.put("rest.address", "127.0.0.1");
        conf.put("rest.bind-address", "127.0.0.1");
        conf.put("rest.port", Integer.toString(restPort));
        conf.put("blob.server.port", "0");
        conf.put("jobmanager.memory.process.size", "768m");
        conf.put("taskmanager.memory.process.size", "1g");
        conf.put("taskmanager.numberOfTaskSlots", Integer.toString(settings.slotsPerTaskManager()));
        conf.put("parallelism.default", "2");
        conf.put("cluster.evenly-spread-out-slots", "true");
        conf.put("state.backend.type", "rocksdb");
        conf.put("execution.checkpointing.incremental", "true");
        conf.put("execution.checkpointing.interval", "2 s");
        conf.put("execution.checkpointing.dir", folder.resolve("checkpoints").toUri().toString());
        conf.put(
                "execution.checkpointing.savepoint-dir",
                folder.resolve("savepoints").toUri().toString());
        conf.put(
                "execution.checkpointing.externalized-checkpoint-retention",
                "RETAIN_ON_CANCELLATION");
        // Bounded, but per time window: fixed-delay's attempts add up over the job's whole life,
        // and one killed TaskManager costs 2-4 of them (tasks redeployed to its slots fail until
        // the heartbeat timeout declares it dead), so a long run with a kill a minute failed.
        conf.put("restart-strategy.type", "failure-rate");
        conf.put("restart-strategy.failure-rate.max-failures-per-interval", "20");
        conf.put("restart-strategy.failure-rate.failure-rate-interval", "5 min");
        conf.put("restart-strategy.failure-rate.delay", "2 s");
        conf.put("heartbeat.interval", "2000");
        conf.put("heartbeat.timeout", "10000");
        conf.put("metrics.fetcher.update-interval", "1000");
        conf.put("io.tmp.dirs", folder.resolve("tmp").toString());
        conf.put("web.upload.dir", folder.resolve("uploads").toString());
        conf.put("web.tmpdir", folder.resolve("tmp").toString());
        conf.putAll(settings.configuration());
        StringBuilder yaml =
                new StringBuilder("# Written by StandaloneCluster; see docs/cluster.md\n");
        conf.forEach((k, v) -> yaml.append(k).append(": \"").append(v).append("\"\n"));
        Files.writeString(folder.resolve("conf/config.yaml"), yaml);
        Files.writeString(folder.resolve("conf/log4j.properties"), log4j(settings.log4jExtra()));
        Properties state = new Properties();
        state.setProperty("rest.port", Integer.toString(restPort));
        state.setProperty("classpath", settings.classpath());
        try (var out = Files.newBufferedWriter(folder.resolve("cluster.properties"))) {
            state.store(out, "StandaloneCluster");
        }

        StandaloneCluster cluster =
                new StandaloneCluster(
                        folder, settings.classpath(), restPort, settings.stopOnExit());
        try {
            cluster.startJobManager();
            for (int i = 0; i < settings.taskManagers(); i++) {
                cluster.startTaskManager();
            }
            cluster.awaitTaskManagers(settings.taskManagers(), Duration.ofSeconds(90));
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** The cluster {@link #start} left running in {@code folder} (for a later command). */
    public static StandaloneCluster attach(Path folder) throws IOException {
        folder = folder.toAbsolutePath();
        Path file = folder.resolve("cluster.properties");
        if (!Files.exists(file)) {
            throw new IOException("no cluster was started in " + folder);
        }
        Properties state = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            state.load(in);
        }
        StandaloneCluster cluster =
                new StandaloneCluster(
                        folder,
                        state.getProperty("classpath"),
                        Integer.parseInt(state.getProperty("rest.port")),
                        false);
        try (Stream<Path> pids = Files.list(folder.resolve("pids"))) {
            for (Path pid : pids.toList()) {
                String name = pid.getFileName().toString().replace(".pid", "");
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()))
                        .filter(ProcessHandle::isAlive)
                        .ifPresent(p -> cluster.processes.put(name, p));
                if (name.startsWith(TASKMANAGER)) {
                    int index = Integer.parseInt(name.substring(TASKMANAGER.length()));
                    cluster.nextTaskManager = Math.max(cluster.nextTaskManager, index + 1);
                }
            }
        }
        return cluster;
    }

    public FlinkRest rest() {
        return rest;
    }

    /** The web UI and REST API. */
    public URI webUi() {
        return rest.address();
    }

    public Path folder() {
        return folder;
    }

    /** Where {@link #stopWithSavepoint} puts savepoints. */
    public Path savepoints() {
        return folder.resolve("savepoints");
    }

    /** Uploads {@code jar} and runs it as {@code flink run -d} would; returns the job id. */
    public String submit(Path jar, FlinkRest.Submission submission)
            throws IOException, InterruptedException {
        return rest.run(rest.upload(jar), submission);
    }

    /** Starts one more TaskManager; returns its name (e.g. {@code taskmanager-2}). */
    public synchronized String startTaskManager() throws IOException, InterruptedException {
        if (taskManagerArgs == null) {
            taskManagerArgs = resourceArgs("GET_TM_RESOURCE_PARAMS");
        }
        String name = TASKMANAGER + nextTaskManager++;
        launch(
                name,
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                taskManagerArgs,
                List.of());
        return name;
    }

    /** {@code kill -9} of a TaskManager: no shutdown, no goodbye to the JobManager. */
    public synchronized void killTaskManager(String name) throws InterruptedException {
        ProcessHandle process = processes.remove(name);
        if (process == null) {
            throw new IllegalArgumentException(
                    "no running TaskManager " + name + ": " + processes.keySet());
        }
        process.destroyForcibly();
        process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** Names of the TaskManagers whose processes are alive, oldest first. */
    public synchronized List<String> taskManagers() {
        List<String> out = new ArrayList<>();
        processes.forEach(
                (name, p) -> {
                    if (name.startsWith(TASKMANAGER) && p.isAlive()) {
                        out.add(name);
                    }
                });
        out.sort((a, b) -> Integer.compare(index(a), index(b)));
        return out;
    }

    /** Each process this cluster started and whether it is alive, by name. */
    public synchronized Map<String, Boolean> processes() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        processes.forEach((name, p) -> out.put(name, p.isAlive()));
        return out;
    }

    /** Waits until {@code count} TaskManagers are registered with the JobManager. */
    public void awaitTaskManagers(int count, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            checkJobManagerAlive();
            try {
                int registered = rest.taskManagers();
                if (registered == count) {
                    return;
                }
                last = registered + " registered";
            } catch (IOException notUpYet) {
                last = notUpYet.getMessage();
            }
            Thread.sleep(200);
        }
        throw new IOException(
                "expected "
                        + count
                        + " TaskManagers within "
                        + timeout
                        + ", last: "
                        + last
                        + "; logs in "
                        + folder.resolve("log"));
    }

    /** Waits until the job runs with every task deployed. */
    public void awaitRunning(String jobId, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!rest.allTasksRunning(jobId)) {
            String state = rest.jobState(jobId);
            if (state.equals("FAILED") || state.equals("CANCELED") || state.equals("FINISHED")) {
                throw new IOException(
                        "job " + jobId + " is " + state + "; logs in " + folder.resolve("log"));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(
                        "job " + jobId + " not running within " + timeout + ": " + state);
            }
            Thread.sleep(200);
        }
    }

    /** Cancels every job that is not finished yet and waits for them to end. */
    public void cancelAllJobs(Duration timeout) throws IOException, InterruptedException {
        for (var job : rest.jobs().entrySet()) {
            if (!isTerminal(job.getValue())) {
                rest.cancel(job.getKey());
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (rest.jobs().values().stream().anyMatch(s -> !isTerminal(s))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("jobs still running after cancel: " + rest.jobs());
            }
            Thread.sleep(200);
        }
    }

    /** Stops every process: SIGTERM, then SIGKILL for what is still alive after 15 s. */
    @Override
    public synchronized void close() {
        List<ProcessHandle> all = new ArrayList<>(processes.values());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (ProcessHandle p : all) {
            long left = deadline - System.nanoTime();
            try {
                p.onExit().get(Math.max(1, left), TimeUnit.NANOSECONDS);
            } catch (Exception stillAlive) {
                p.destroyForcibly();
            }
        }
        processes.clear();
        if (exitHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(exitHook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running already.
            }
        }
    }

    private synchronized void killAll() {
        processes.values().forEach(ProcessHandle::destroyForcibly);
    }

    private void startJobManager() throws IOException, InterruptedException {
        launch(
                JOBMANAGER,
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                resourceArgs("GET_JM_RESOURCE_PARAMS"),
                List.of("--executionMode", "cluster"));
    }

    /**
     * The JVM flags and {@code -D} options Flink's scripts derive from the memory configuration,
     * computed by the same class they call ({@code BashJavaUtils}).
     */
    private ResourceArgs resourceArgs(String command) throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder(
                                java(),
                                "-cp",
                                classpath,
                                "org.apache.flink.runtime.util.bash.BashJavaUtils",
                                command,
                                "--configDir",
                                folder.resolve("conf").toString())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(command + " failed: " + output);
        }
        List<String> lines =
                output.lines()
                        .filter(l -> l.startsWith(RESULT_PREFIX))
                        .map(l -> l.substring(RESULT_PREFIX.length()).trim())
                        .toList();
        if (lines.size() < 2) {
            throw new IOException(command + " printed no JVM parameters: " + output);
        }
        return new ResourceArgs(
                words(lines.get(lines.size() - 2)), words(lines.get(lines.size() - 1)));
    }

    /** JVM flags and {@code -D} options for one kind of process. */
    private record ResourceArgs(List<String> jvm, List<String> dynamic) {}

    private static List<String> words(String line) {
        return Stream.of(line.split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    private void launch(String name, String mainClass, ResourceArgs resources, List<String> extra)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(resources.jvm());
        command.addAll(ADD_OPENS);
        command.add("-Dlog.file=" + folder.resolve("log/" + name + ".log"));
        command.add("-Dlog4j.configurationFile=" + folder.resolve("conf/log4j.properties").toUri());
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.add("--configDir");
        command.add(folder.resolve("conf").toString());
        command.addAll(extra);
        command.addAll(resources.dynamic());
        Process process =
                new ProcessBuilder(command)
                        .directory(folder.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(folder.resolve("log/" + name + ".out").toFile())
                        .start();
        Files.writeString(folder.resolve("pids/" + name + ".pid"), Long.toString(process.pid()));
        synchronized (this) {
            processes.put(name, process.toHandle());
        }
    }

    private void checkJobManagerAlive() throws IOException {
        ProcessHandle jm = processes.get(JOBMANAGER);
        if (jm != null && !jm.isAlive()) {
            throw new IOException(
                    "the JobManager exited; see "
                            + folder.resolve("log/" + JOBMANAGER + ".out")
                            + " and .log");
        }
    }

    private static boolean isTerminal(String state) {
        return state.equals("FINISHED") || state.equals("CANCELED") || state.equals("FAILED");
    }

    private static int index(String taskManager) {
        return Integer.parseInt(taskManager.substring(TASKMANAGER.length()));
    }

    private static String log4j(Path extra) throws IOException {
        String base =
                String.join(
                        "\n",
                        "# Written by StandaloneCluster: every process logs to its own file.",
                        "monitorInterval = 0",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.file.ref = MainAppender",
                        "appender.main.name = MainAppender",
                        "appender.main.type = File",
                        "appender.main.append = true",
                        "appender.main.fileName = ${sys:log.file}",
                        "appender.main.layout.type = PatternLayout",
                        "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                        "logger.pekko.name = org.apache.pekko",
                        "logger.pekko.level = INFO",
                        "logger.kafka.name = org.apache.kafka",
                        "logger.kafka.level = WARN",
                        "");
        return extra == null ? base : base + "\n" + Files.readString(extra);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The add-opens list of Flink's distribution ({@code env.java.opts.all}) for Java 17. */
    private static final List<String> ADD_OPENS =
            Stream.of(
                            "java.lang",
                            "java.util",
                            "java.nio",
                            "sun.nio.ch",
                            "java.lang.reflect",
                            "java.io",
                            "java.net",
                            "java.text",
                            "java.time",
                            "java.util.concurrent",
                            "java.util.concurrent.atomic",
                            "java.util.concurrent.locks")
                    .map(p -> "--add-opens=java.base/" + p + "=ALL-UNNAMED")
                    .toList();
}
