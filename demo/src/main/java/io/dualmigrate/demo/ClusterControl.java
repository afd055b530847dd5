package io.dualmigrate.demo;

import io.dualmigrate.demo.LauncherArgs.ClusterCommand;
import io.dualmigrate.jobs.ReplicationJob;
import io.dualmigrate.testkit.FlinkRest;
import io.dualmigrate.testkit.ProjectFiles;
import io.dualmigrate.testkit.StandaloneCluster;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code ./dualmigrate cluster <action>}: a standalone Flink session cluster on this machine,
 * started from the project's own Maven-resolved Flink jars, that outlives the command. The cluster
 * folder ({@code --dir}, default {@code target/cluster}) remembers the processes and the REST port
 * for the later actions. See docs/cluster.md.
 */
final class ClusterControl {

    private final ClusterCommand command;
    private final PrintStream out;

    ClusterControl(ClusterCommand command, PrintStream out) {
        this.command = command;
        this.out = out;
    }

    int run() throws Exception {
        Path dir = command.dir().toAbsolutePath();
        switch (command.action()) {
            case "start" -> {
                if (Files.exists(dir.resolve("cluster.properties"))
                        && StandaloneCluster.attach(dir).processes().containsValue(true)) {
                    out.println(
                            "A cluster already runs in "
                                    + dir
                                    + ": ./dualmigrate cluster stop first.");
                    return 1;
                }
                ProjectFiles project = ProjectFiles.find();
                StandaloneCluster cluster =
                        StandaloneCluster.start(
                                new StandaloneCluster.Settings(
                                        dir,
                                        project.flinkClasspath(),
                                        command.taskManagers(),
                                        command.slots(),
                                        project.log4jSettings(),
                                        Map.of(),
                                        false));
                out.printf(
                        "Flink session cluster running: JobManager and %d TaskManager(s) with %d"
                                + " slot(s) each.%nWeb UI and REST: %s%nFolder (config, logs,"
                                + " checkpoints, savepoints): %s%n",
                        command.taskManagers(), command.slots(), cluster.webUi(), dir);
                return 0;
            }
            case "status" -> {
                StandaloneCluster cluster = StandaloneCluster.attach(dir);
                out.println("Folder: " + dir);
                cluster.processes()
                        .forEach(
                                (name, alive) ->
                                        out.println("  " + name + (alive ? " running" : " gone")));
                if (!cluster.processes().containsValue(true)) {
                    out.println("No process of the cluster runs.");
                    return 1;
                }
                FlinkRest rest = cluster.rest();
                out.printf(
                        "Web UI %s: %d TaskManager(s) registered, %d free slot(s)%n",
                        cluster.webUi(), rest.taskManagers(), rest.freeSlots());
                rest.jobs().forEach((id, state) -> out.println("  job " + id + " " + state));
                return 0;
            }
            case "submit" -> {
                StandaloneCluster cluster = StandaloneCluster.attach(dir);
                String job =
                        cluster.submit(
                                ProjectFiles.find().jobJar(),
                                new FlinkRest.Submission(
                                        ReplicationJob.class.getName(),
                                        List.of(
                                                "--config",
                                                command.config().toAbsolutePath().toString()),
                                        command.parallelism(),
                                        command.savepoint()));
                cluster.awaitRunning(job, Duration.ofSeconds(120));
                out.println(
                        "Job "
                                + job
                                + " running; web UI "
                                + cluster.webUi()
                                + "/#/job/running/"
                                + job);
                return 0;
            }
            case "add-taskmanager" -> {
                StandaloneCluster cluster = StandaloneCluster.attach(dir);
                String name = cluster.startTaskManager();
                cluster.awaitTaskManagers(cluster.taskManagers().size(), Duration.ofSeconds(60));
                out.println("Started " + name + ".");
                return 0;
            }
            case "kill-taskmanager" -> {
                StandaloneCluster cluster = StandaloneCluster.attach(dir);
                List<String> alive = cluster.taskManagers();
                if (alive.isEmpty()) {
                    out.println("No TaskManager runs.");
                    return 1;
                }
                String name = command.taskManager() != null ? command.taskManager() : alive.get(0);
                cluster.killTaskManager(name);
                out.println("Killed " + name + " (kill -9).");
                return 0;
            }
            case "stop" -> {
                StandaloneCluster cluster = StandaloneCluster.attach(dir);
                cluster.close();
                out.println(
                        "Cluster stopped. Jobs on it were not cancelled: their replication slots stay on"
                                + " OLD until './dualmigrate teardown --config FILE'.");
                return 0;
            }
            default -> throw new IllegalArgumentException(command.action());
        }
    }
}
