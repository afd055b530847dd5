package io.dualmigrate.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the launcher's command line into one of its commands.
 *
 * <p>Flags take their value as the next argument or after {@code =}. Anything the usage text does
 * not list is an error, so a typo never silently runs with a default.
 */
public final class LauncherArgs {

    static final Duration DEFAULT_DURATION = Duration.ofSeconds(60);
    static final int DEFAULT_RATE = 200;
    static final int MAX_RATE = 5000;
    static final Duration DEFAULT_SOAK_DURATION = Duration.ofMinutes(10);
    static final Duration DEFAULT_KILL_EVERY = Duration.ofSeconds(60);
    static final Path DEFAULT_CLUSTER_DIR = Path.of("target", "cluster");

    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})\\s*(ms|s|m|min|h)?");

    /** A command the launcher can run. */
    public sealed interface Command
            permits DemoCommand,
                    ReplicateCommand,
                    ShadowCommand,
                    TeardownCommand,
                    SoakCommand,
                    ClusterCommand,
                    ParityCommand,
                    HelpCommand {}

    /** {@code demo}: how long the simulated application runs and how fast it writes. */
    public record DemoCommand(Duration duration, int rate) implements Command {}

    /** {@code replicate}: the migration file to run. */
    public record ReplicateCommand(Path config) implements Command {}

    /** {@code shadow}: the shadow-read config to run. */
    public record ShadowCommand(Path config) implements Command {}

    /** {@code teardown}: the migration whose slot and publication to drop from OLD. */
    public record TeardownCommand(Path config) implements Command {}

    /**
     * {@code soak}: how long the application runs, how fast, and how often a TaskManager is killed.
     */
    public record SoakCommand(Duration duration, int rate, Duration killEvery) implements Command {}

    /**
     * {@code cluster <action>}: manage the standalone Flink cluster in {@code dir}. {@code config},
     * {@code parallelism} and {@code savepoint} are for {@code submit}, {@code taskManagers} and
     * {@code slots} for {@code start}, {@code taskManager} for {@code kill-taskmanager}.
     */
    public record ClusterCommand(
            String action,
            Path dir,
            int taskManagers,
            int slots,
            Path config,
            int parallelism,
            String savepoint,
            String taskManager)
            implements Command {}

    /** {@code parity}: the migration to compare, and whether to repair confirmed drift. */
    public record ParityCommand(Path config, boolean repair) implements Command {}

    /** {@code help}. */
    public record HelpCommand() implements Command {}

    /** The command line does not match the usage text; the message says where. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private LauncherArgs() {}

    public static Command parse(String... args) throws UsageException {
        if (args.length == 0) {
            throw new UsageException("no command given");
        }
        String command = args[0];
        List<String> rest = List.of(args).subList(1, args.length);
        switch (command) {
            case "help", "-h", "--help" -> {
                if (!rest.isEmpty()) {
                    throw new UsageException("help takes no arguments");
                }
                return new HelpCommand();
            }
            case "demo" -> {
                Map<String, String> flags = flags(command, rest, Set.of("--duration", "--rate"));
                return new DemoCommand(
                        flags.containsKey("--duration")
                                ? duration(flags.get("--duration"))
                                : DEFAULT_DURATION,
                        flags.containsKey("--rate") ? rate(flags.get("--rate")) : DEFAULT_RATE);
            }
            case "replicate" -> {
                Map<String, String> flags = flags(command, rest, Set.of("--config"));
                String config = flags.get("--config");
                if (config == null) {
                    throw new UsageException("replicate needs --config FILE");
                }
                return new ReplicateCommand(Path.of(config));
            }
            case "shadow" -> {
                String config = flags(command, rest, Set.of("--config")).get("--config");
                if (config == null) {
                    throw new UsageException("shadow needs --config FILE");
                }
                return new ShadowCommand(Path.of(config));
            }
            case "teardown" -> {
                String config = flags(command, rest, Set.of("--config")).get("--config");
                if (config == null) {
                    throw new UsageException("teardown needs --config FILE");
                }
                return new TeardownCommand(Path.of(config));
            }
            case "soak" -> {
                Map<String, String> flags =
                        flags(command, rest, Set.of("--duration", "--rate", "--kill-every"));
                return new SoakCommand(
                        flags.containsKey("--duration")
                                ? duration(flags.get("--duration"))
                                : DEFAULT_SOAK_DURATION,
                        flags.containsKey("--rate") ? rate(flags.get("--rate")) : DEFAULT_RATE,
                        flags.containsKey("--kill-every")
                                ? duration("--kill-every", flags.get("--kill-every"))
                                : DEFAULT_KILL_EVERY);
            }
            case "cluster" -> {
                return cluster(rest);
            }
            case "parity" -> {
                List<String> options = new ArrayList<>(rest);
                boolean repair = options.remove("--repair");
                if (options.remove("--repair")) {
                    throw new UsageException("--repair is given twice");
                }
                String config = flags(command, options, Set.of("--config")).get("--config");
                if (config == null) {
                    throw new UsageException("parity needs --config FILE");
                }
                return new ParityCommand(Path.of(config), repair);
            }
            default -> throw new UsageException("unknown command '" + command + "'");
        }
    }

    private static ClusterCommand cluster(List<String> args) throws UsageException {
        if (args.isEmpty()) {
            throw new UsageException(
                    "cluster needs an action: start, status, submit, kill-taskmanager,"
                            + " add-taskmanager or stop");
        }
        String action = args.get(0);
        List<String> rest = args.subList(1, args.size());
        String name = "cluster " + action;
        Map<String, String> flags =
                switch (action) {
                    case "start" -> flags(name, rest, Set.of("--dir", "--taskmanagers", "--slots"));
                    case "submit" ->
                            flags(
                                    name,
                                    rest,
                                    Set.of("--dir", "--config", "--parallelism", "--savepoint"));
                    case "kill-taskmanager" -> flags(name, rest, Set.of("--dir", "--name"));
                    case "status", "stop", "add-taskmanager" -> flags(name, rest, Set.of("--dir"));
                    default ->
                            throw new UsageException(
                                    "unknown cluster action '"
                                            + action
                                            + "'; use start, status, submit, kill-taskmanager,"
                                            + " add-taskmanager or stop");
                };
        if (action.equals("submit") && !flags.containsKey("--config")) {
            throw new UsageException("cluster submit needs --config FILE");
        }
        return new ClusterCommand(
                action,
                flags.containsKey("--dir") ? Path.of(flags.get("--dir")) : DEFAULT_CLUSTER_DIR,
                count("--taskmanagers", flags.getOrDefault("--taskmanagers", "2"), 8),
                count("--slots", flags.getOrDefault("--slots", "1"), 16),
                flags.containsKey("--config") ? Path.of(flags.get("--config")) : null,
                count("--parallelism", flags.getOrDefault("--parallelism", "2"), 64),
                flags.get("--savepoint"),
                flags.get("--name"));
    }

    private static int count(String flag, String text, int max) throws UsageException {
        int n;
        try {
            n = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " '" + text + "' is not a whole number");
        }
        if (n < 1 || n > max) {
            throw new UsageException(flag + " must be between 1 and " + max);
        }
        return n;
    }

    private static Map<String, String> flags(String command, List<String> args, Set<String> known)
            throws UsageException {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> queue = new ArrayList<>(args);
        while (!queue.isEmpty()) {
            String arg = queue.remove(0);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (!known.contains(name)) {
                throw new UsageException(
                        (arg.startsWith("-") ? "unknown option '" : "unexpected argument '")
                                + name
                                + "' for "
                                + command);
            }
            if (value == null) {
                if (queue.isEmpty() || queue.get(0).startsWith("--")) {
                    throw new UsageException(name + " needs a value");
                }
                value = queue.remove(0);
            }
            if (value.isBlank()) {
                throw new UsageException(name + " needs a value");
            }
            if (out.put(name, value) != null) {
                throw new UsageException(name + " is given twice");
            }
        }
        return out;
    }

    /** A positive duration; a bare number means seconds. */
    static Duration duration(String text) throws UsageException {
        return duration("--duration", text);
    }

    static Duration duration(String flag, String text) throws UsageException {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new UsageException(
                    flag + " '" + text + "' is not a duration; use e.g. 30s, 2m or 90");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d =
                switch (unit) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "m", "min" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofSeconds(amount);
                };
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new UsageException(flag + " must be at least 1s");
        }
        return d;
    }

    static int rate(String text) throws UsageException {
        int rate;
        try {
            rate = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--rate '" + text + "' is not a whole number");
        }
        if (rate < 1 || rate > MAX_RATE) {
            throw new UsageException("--rate must be between 1 and " + MAX_RATE);
        }
        return rate;
    }
}
