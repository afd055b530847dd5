package io.dualmigrate.demo;

import io.dualmigrate.config.ConfigException;
import io.dualmigrate.config.MigrationConfigLoader;
import io.dualmigrate.demo.LauncherArgs.ClusterCommand;
import io.dualmigrate.demo.LauncherArgs.Command;
import io.dualmigrate.demo.LauncherArgs.DemoCommand;
import io.dualmigrate.demo.LauncherArgs.ParityCommand;
import io.dualmigrate.demo.LauncherArgs.ReplicateCommand;
import io.dualmigrate.demo.LauncherArgs.ShadowCommand;
import io.dualmigrate.demo.LauncherArgs.SoakCommand;
import io.dualmigrate.demo.LauncherArgs.TeardownCommand;
import io.dualmigrate.demo.LauncherArgs.UsageException;
import io.dualmigrate.schema.Teardown;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * Entry point of {@code ./dualmigrate}: runs the demo or a migration on a local Flink cluster.
 *
 * <p>Exit codes: 0 success (for the demo: every table converged and the shadow-read job reported
 * what the simulated reads held), 1 failure, 2 usage or configuration error, 3 confirmed drift
 * (parity), 130 a second Ctrl-C.
 */
public final class Launcher {

    private Launcher() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        Command command;
        try {
            command = LauncherArgs.parse(args);
        } catch (UsageException e) {
            System.err.println("dualmigrate: " + e.getMessage());
            System.err.println();
            System.err.print(usage());
            return 2;
        }
        try {
            if (command instanceof DemoCommand demo) {
                return runDemo(demo);
            }
            if (command instanceof ReplicateCommand replicate) {
                return runReplication(replicate);
            }
            if (command instanceof ShadowCommand shadow) {
                return runShadow(shadow);
            }
            if (command instanceof TeardownCommand teardown) {
                return runTeardown(teardown);
            }
            if (command instanceof SoakCommand soak) {
                return runSoak(soak);
            }
            if (command instanceof ClusterCommand cluster) {
                return new ClusterControl(cluster, System.out).run();
            }
            if (command instanceof ParityCommand parity) {
                return runParity(parity);
            }
            System.out.print(usage());
            return 0;
        } catch (ConfigException e) {
            // The message names the key or table and the fix; a stack trace would bury it.
            System.err.println("dualmigrate: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("dualmigrate: failed");
            e.printStackTrace();
            return 1;
        }
    }

    private static int runDemo(DemoCommand command) throws Exception {
        System.out.printf(
                "dualmigrate demo: a live PostgreSQL database (OLD) replicated into a reshaped"
                        + " copy (NEW) by Flink,%nwhile a simulated application keeps writing to"
                        + " OLD.%n%n");
        try (Demo demo = new Demo(command.duration(), command.rate(), System.out)) {
            Demo.Result result =
                    withCleanupHook(demo::close, () -> demo.run(new StopSignal().onCtrlC()));
            if (!result.converged()) {
                System.out.println("Some tables did not converge (DIFF above).");
                return 1;
            }
            if (!result.shadowAsExpected()) {
                System.out.println(
                        "All tables converged, but the shadow-read job's counts differ from the"
                                + " simulated reads (DIFFERS above).");
                return 1;
            }
            System.out.println(
                    "All tables converged, and the shadow-read job classified every simulated"
                            + " read as expected.");
            return 0;
        }
    }

    private static int runReplication(ReplicateCommand command) throws Exception {
        try (LocalReplication replication = new LocalReplication(command.config(), System.out)) {
            return withCleanupHook(
                    replication::close, () -> replication.run(new StopSignal().onCtrlC()));
        }
    }

    private static int runSoak(SoakCommand command) throws Exception {
        try (Soak soak =
                new Soak(command.duration(), command.rate(), command.killEvery(), System.out)) {
            boolean converged =
                    withCleanupHook(soak::close, () -> soak.run(new StopSignal().onCtrlC()));
            System.out.println(converged ? "All tables converged." : "NOT converged (see above).");
            return converged ? 0 : 1;
        }
    }

    private static int runParity(ParityCommand command) throws Exception {
        try (LocalParity parity = new LocalParity(command.config(), command.repair(), System.out)) {
            return withCleanupHook(parity::close, () -> parity.run(new StopSignal().onCtrlC()));
        }
    }

    private static int runShadow(ShadowCommand command) throws Exception {
        try (LocalShadow shadow = new LocalShadow(command.config(), System.out)) {
            return withCleanupHook(shadow::close, () -> shadow.run(new StopSignal().onCtrlC()));
        }
    }

    private static int runTeardown(TeardownCommand command) {
        Teardown.Result result = new Teardown(MigrationConfigLoader.load(command.config())).run();
        System.out.println(result.describe());
        return 0;
    }

    /**
     * Runs {@code body} with {@code cleanup} as a shutdown hook, so that a kill or a second Ctrl-C
     * still cancels the job, drops what must be dropped and deletes temporary files.
     */
    private static <T> T withCleanupHook(Runnable cleanup, Callable<T> body) throws Exception {
        Thread hook = new Thread(cleanup, "dualmigrate-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return body.call();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting and the hook is running: nothing to remove.
            }
        }
    }

    static String usage() {
        try (InputStream in = Launcher.class.getResourceAsStream("usage.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
