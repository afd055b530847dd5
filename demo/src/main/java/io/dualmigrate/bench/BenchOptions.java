package io.dualmigrate.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.util.TimeUtils;

/**
 * The flags of {@code dualmigrate bench replication}: workload sizes, the replication job's
 * settings, and where the report goes.
 *
 * <p>Every flag is {@code --name value}; unknown flags are errors, so a typo never silently runs
 * the default workload.
 */
final class BenchOptions {

    /** Flag name, default, meaning; in the order {@link #usage()} prints them. */
    private static final String[][] FLAGS = {
        {"rows", "1000000", "rows in the OLD table (snapshot phase)"},
        {"updates", "200000", "updates written as fast as possible (streaming phase)"},
        {"writer-batch", "1000", "updates per transaction in the streaming phase"},
        {"rate", "2000", "changes per second of the paced writer (lag phase)"},
        {"lag-seconds", "60", "duration of the lag phase"},
        {"parallelism", "2", "parallelism of the replication job"},
        {"checkpoint-interval", "3 s", "checkpoint interval of the replication job"},
        {"buffer-timeout", "20 ms", "Flink execution.buffer-timeout (network flush)"},
        {"batch-size", "1000", "migration file: target.batch-size"},
        {"flush-interval", "20 ms", "migration file: target.flush-interval"},
        {"chunk-size", "8096", "migration file: source.snapshot.chunk-size"},
        {"fetch-size", "1024", "migration file: source.snapshot.fetch-size"},
        {"poll-interval", "50 ms", "migration file: source.poll-interval"},
        {"timeout", "1800 s", "longest wait for one target to converge"},
        {"report", "", "write the results as a Markdown section to this file"},
    };

    final long rows;
    final int updates;
    final int writerBatch;
    final int rate;
    final Duration lagDuration;
    final int parallelism;
    final Duration checkpointInterval;
    final Duration bufferTimeout;
    final int batchSize;
    final Duration flushInterval;
    final int chunkSize;
    final int fetchSize;
    final Duration pollInterval;
    final Duration timeout;
    final String report;
    final List<String> args;

    private BenchOptions(Map<String, String> v, List<String> args) {
        this.rows = positiveLong(v, "rows");
        this.updates = (int) positiveLong(v, "updates");
        this.writerBatch = (int) positiveLong(v, "writer-batch");
        this.rate = (int) positiveLong(v, "rate");
        this.lagDuration = Duration.ofSeconds(positiveLong(v, "lag-seconds"));
        this.parallelism = (int) positiveLong(v, "parallelism");
        this.checkpointInterval = duration(v, "checkpoint-interval");
        this.bufferTimeout = duration(v, "buffer-timeout");
        this.batchSize = (int) positiveLong(v, "batch-size");
        this.flushInterval = duration(v, "flush-interval");
        this.chunkSize = (int) positiveLong(v, "chunk-size");
        this.fetchSize = (int) positiveLong(v, "fetch-size");
        this.pollInterval = duration(v, "poll-interval");
        this.timeout = duration(v, "timeout");
        this.report = v.get("report").isEmpty() ? null : v.get("report");
        this.args = List.copyOf(args);
        if (rows > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--rows must be at most " + Integer.MAX_VALUE);
        }
    }

    /** Parses {@code --name value} pairs; throws IllegalArgumentException with a usage hint. */
    static BenchOptions parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String[] flag : FLAGS) {
            values.put(flag[0], flag[1]);
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("Unknown flag --" + name);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            values.put(name, value);
        }
        return new BenchOptions(values, List.of(args));
    }

    static boolean wantsHelp(String[] args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    static String usage() {
        StringBuilder out =
                new StringBuilder(
                        "Usage: dualmigrate bench replication [flags]\n\n"
                                + "Compares dualmigrate's replication job with PostgreSQL's"
                                + " native logical replication\n(snapshot, streaming, lag) on an"
                                + " embedded PostgreSQL server.\n\nFlags:\n");
        for (String[] flag : FLAGS) {
            out.append(String.format("  --%-22s %s", flag[0] + " <v>", flag[2]));
            if (!flag[1].isEmpty()) {
                out.append(" (default ").append(flag[1]).append(')');
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The flags in the form the launcher takes them, for the report. */
    String commandLine() {
        List<String> quoted = new ArrayList<>();
        for (String arg : args) {
            quoted.add(arg.matches("[A-Za-z0-9_./=:,@-]+") ? arg : "'" + arg + "'");
        }
        return String.join(" ", quoted);
    }

    private static long positiveLong(Map<String, String> v, String name) {
        long value;
        try {
            value = Long.parseLong(v.get(name).replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer: " + v.get(name));
        }
        if (value < 1) {
            throw new IllegalArgumentException("--" + name + " must be at least 1");
        }
        return value;
    }

    private static Duration duration(Map<String, String> v, String name) {
        try {
            Duration d = TimeUtils.parseDuration(v.get(name));
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("--" + name + " must be positive");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--" + name + " must be a duration such as 50 ms or 3 s: " + v.get(name));
        }
    }
}
