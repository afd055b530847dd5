package io.dualmigrate.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of one run: figures side by side with their ratio, the goals, the settings, the
 * machine and where the CPU went; rendered as a console table and as a Markdown section.
 */
final class Report {

    /** Which direction of a figure is the good one. */
    enum Better {
        HIGHER,
        LOWER,
        NONE
    }

    /** One figure for both systems. */
    record Row(
            String phase,
            String metric,
            Double dualmigrate,
            Double nativeRepl,
            Better better,
            int decimals) {

        String ratio() {
            if (dualmigrate == null
                    || nativeRepl == null
                    || better == Better.NONE
                    || nativeRepl == 0) {
                return "";
            }
            return String.format(Locale.ROOT, "%.2f", dualmigrate / nativeRepl);
        }

        String winner() {
            if (dualmigrate == null || nativeRepl == null || better == Better.NONE) {
                return "";
            }
            boolean dmBetter =
                    better == Better.HIGHER ? dualmigrate >= nativeRepl : dualmigrate <= nativeRepl;
            return (better == Better.HIGHER ? "higher" : "lower")
                    + " is better: "
                    + (dmBetter ? "dualmigrate" : "native");
        }
    }

    /** A goal the project is judged against. */
    record Goal(String text, boolean met, String evidence) {}

    final BenchOptions options;
    final Machine machine;
    final List<Row> rows = new ArrayList<>();
    final List<Goal> goals = new ArrayList<>();
    final Map<String, String> settings = new LinkedHashMap<>();
    final Map<String, CpuSampler.Usage> cpu = new LinkedHashMap<>();
    final Map<String, Target.Lag[]> lags = new LinkedHashMap<>();
    final Map<String, FlinkMetrics.Window> flink = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();
    String loadBefore = "?";
    String loadAfter = "?";
    double loadPeak = Double.NaN;
    String startedAt = "?";
    double wallSeconds;
    String failure;

    Report(BenchOptions options, Machine machine) {
        this.options = options;
        this.machine = machine;
    }

    void add(String phase, String metric, Double dm, Double nat, Better better, int decimals) {
        rows.add(new Row(phase, metric, dm, nat, better, decimals));
    }

    static String number(Double value, int decimals) {
        if (value == null) {
            return "-";
        }
        if (value.isNaN()) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    String launcherCommand() {
        String flags = options.commandLine();
        return "./dualmigrate bench replication" + (flags.isEmpty() ? "" : " " + flags);
    }

    static String javaCommand(String flags) {
        return "java -Xmx2g <flink add-opens flags> -cp demo/target/classes:$(cat demo/cp.txt)"
                + " io.dualmigrate.bench.ReplicationBenchmark"
                + (flags.isEmpty() ? "" : " " + flags);
    }

    String console() {
        StringBuilder out = new StringBuilder();
        String format = "%-10s %-44s %14s %14s %9s  %s%n";
        out.append(String.format(format, "phase", "metric", "dualmigrate", "native", "dm/nat", ""));
        out.append("-".repeat(120)).append('\n');
        for (Row r : rows) {
            out.append(
                    String.format(
                            format,
                            r.phase(),
                            r.metric(),
                            number(r.dualmigrate(), r.decimals()),
                            number(r.nativeRepl(), r.decimals()),
                            r.ratio(),
                            r.winner()));
        }
        out.append('\n');
        for (Goal g : goals) {
            out.append(g.met() ? "  MET    " : "  MISSED ")
                    .append(g.text())
                    .append(" — ")
                    .append(g.evidence())
                    .append('\n');
        }
        if (!lags.isEmpty()) {
            out.append('\n').append(lagHistogramText());
        }
        if (!cpu.isEmpty()) {
            out.append('\n').append(cpuText());
        }
        if (!flink.isEmpty()) {
            out.append("\ndualmigrate's job, sampled every 200 ms:\n");
            for (Map.Entry<String, FlinkMetrics.Window> e : flink.entrySet()) {
                FlinkMetrics.Window w = e.getValue();
                out.append(
                        String.format(
                                Locale.ROOT,
                                "  %-10s source output buffers %3.0f %% full; commit → decoded by Debezium: %s;"
                                        + " commit → emitted into Flink: %s%n",
                                e.getKey(),
                                100 * w.sourceOutputPoolUsage,
                                percentiles(w.fetchLagMs),
                                percentiles(w.emitLagMs)));
            }
        }
        out.append('\n')
                .append("load average before: ")
                .append(loadBefore)
                .append(" | peak 1-min during run: ")
                .append(number(loadPeak, 2))
                .append(" | after: ")
                .append(loadAfter)
                .append('\n');
        if (failure != null) {
            out.append("\nRUN FAILED: ").append(failure).append('\n');
        }
        return out.toString();
    }

    private static String percentiles(long[] samples) {
        if (samples.length == 0) {
            return "no samples";
        }
        long[] sorted = samples.clone();
        java.util.Arrays.sort(sorted);
        return String.format(
                Locale.ROOT,
                "p50 %d, p95 %d, p99 %d, max %d ms",
                sorted[(int) (0.50 * (sorted.length - 1))],
                sorted[(int) (0.95 * (sorted.length - 1))],
                sorted[(int) (0.99 * (sorted.length - 1))],
                sorted[sorted.length - 1]);
    }

    private String lagHistogramText() {
        StringBuilder out = new StringBuilder("lag histogram (rows per bucket, ms):\n");
        out.append(String.format("  %-12s", ""));
        for (String label : bucketLabels()) {
            out.append(String.format("%12s", label));
        }
        out.append('\n');
        for (Map.Entry<String, Target.Lag[]> e : lags.entrySet()) {
            String[] names = {"dualmigrate", "native"};
            for (int i = 0; i < 2; i++) {
                out.append(String.format("  %-12s", names[i]));
                for (long n : e.getValue()[i].histogram) {
                    out.append(String.format("%,12d", n));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static List<String> bucketLabels() {
        List<String> labels = new ArrayList<>();
        long previous = 0;
        for (long bound : Target.Lag.BUCKETS_MS) {
            labels.add(previous + "-" + bound);
            previous = bound;
        }
        labels.add(">=" + previous);
        return labels;
    }

    private String cpuText() {
        StringBuilder out =
                new StringBuilder(
                        "where the CPU went (% of one core; the machine has "
                                + machine.cpus
                                + " cores = "
                                + machine.cpus * 100
                                + " %):\n");
        for (Map.Entry<String, CpuSampler.Usage> e : cpu.entrySet()) {
            CpuSampler.Usage u = e.getValue();
            out.append(
                    String.format(
                            Locale.ROOT,
                            "  %-28s %5.0f s  machine busy %4.0f %% = this JVM %4.0f %% + PostgreSQL"
                                    + " %4.0f %% + other processes %4.0f %%%n",
                            e.getKey(),
                            u.seconds,
                            u.machineBusy,
                            u.jvm,
                            u.postgresTotal,
                            u.others()));
            out.append("      PostgreSQL: ").append(top(u.postgres, 8)).append('\n');
            out.append("      JVM threads: ").append(top(u.jvmThreads, 6)).append('\n');
        }
        return out.toString();
    }

    private static String top(Map<String, Double> shares, int n) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Double> e : shares.entrySet()) {
            if (parts.size() == n) {
                break;
            }
            parts.add(String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), e.getValue()));
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## Replication\n\n");
        md.append("Measured ")
                .append(startedAt)
                .append(" in ")
                .append(number(wallSeconds, 0))
                .append(" s.\n\n");
        md.append("Command:\n\n```\n").append(launcherCommand()).append("\n```\n\n");
        md.append("Raw form (from the repository root, after `mvn -B -Pfast package -pl demo -am")
                .append(" -DskipTests` and building `demo/cp.txt`):\n\n```\n")
                .append(javaCommand(options.commandLine()))
                .append("\n```\n\n");
        md.append("### Machine\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| CPU | ")
                .append(machine.cpus)
                .append(" × ")
                .append(machine.cpuModel)
                .append(" |\n");
        md.append("| memory | ").append(machine.memory).append(" |\n");
        md.append("| OS | ").append(machine.os).append(" |\n");
        md.append("| Java | ").append(machine.java).append(" |\n");
        md.append("| PostgreSQL | ").append(machine.postgres).append(" |\n");
        md.append("| load average (1, 5, 15 min) | before ")
                .append(loadBefore)
                .append("; peak 1-min during the run ")
                .append(number(loadPeak, 2))
                .append("; after ")
                .append(loadAfter)
                .append(" |\n\n");
        md.append("### Settings\n\n| setting | value |\n|---|---|\n");
        for (Map.Entry<String, String> e : settings.entrySet()) {
            md.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
        }
        md.append("\n### Results\n\n");
        md.append("| phase | metric | dualmigrate | native | dualmigrate / native | |\n");
        md.append("|---|---|---:|---:|---:|---|\n");
        for (Row r : rows) {
            md.append("| ")
                    .append(r.phase())
                    .append(" | ")
                    .append(r.metric())
                    .append(" | ")
                    .append(number(r.dualmigrate(), r.decimals()))
                    .append(" | ")
                    .append(number(r.nativeRepl(), r.decimals()))
                    .append(" | ")
                    .append(r.ratio())
                    .append(" | ")
                    .append(r.winner())
                    .append(" |\n");
        }
        if (!goals.isEmpty()) {
            md.append("\n### Goals\n\n");
            for (Goal g : goals) {
                md.append("- **")
                        .append(g.met() ? "met" : "missed")
                        .append("**: ")
                        .append(g.text())
                        .append(" — ")
                        .append(g.evidence())
                        .append('\n');
            }
        }
        if (!lags.isEmpty()) {
            md.append("\n### Lag distribution\n\nRows per lag bucket (ms):\n\n| | ");
            md.append(String.join(" | ", bucketLabels())).append(" |\n|---|");
            md.append("---:|".repeat(bucketLabels().size())).append('\n');
            for (Target.Lag[] pair : lags.values()) {
                String[] names = {"dualmigrate", "native"};
                for (int i = 0; i < 2; i++) {
                    md.append("| ").append(names[i]);
                    for (long n : pair[i].histogram) {
                        md.append(" | ").append(String.format(Locale.ROOT, "%,d", n));
                    }
                    md.append(" |\n");
                }
            }
        }
        if (!cpu.isEmpty()) {
            md.append("\n### Where the CPU went\n\n");
            md.append("Percent of one core (the machine has ")
                    .append(machine.cpus)
                    .append(" cores = ")
                    .append(machine.cpus * 100)
                    .append(" %). \"Other processes\" is everything outside this benchmark:")
                    .append(" other people's work on a shared machine.\n\n");
            md.append("| window | s | machine busy | this JVM | PostgreSQL | other processes |")
                    .append(" PostgreSQL by role | JVM by thread |\n");
            md.append("|---|---:|---:|---:|---:|---:|---|---|\n");
            for (Map.Entry<String, CpuSampler.Usage> e : cpu.entrySet()) {
                CpuSampler.Usage u = e.getValue();
                md.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %.0f | %.0f %% | %.0f %% | %.0f %% | %.0f %% | %s | %s |%n",
                                e.getKey(),
                                u.seconds,
                                u.machineBusy,
                                u.jvm,
                                u.postgresTotal,
                                u.others(),
                                top(u.postgres, 8),
                                top(u.jvmThreads, 6)));
            }
        }
        if (!flink.isEmpty()) {
            md.append("\n### Inside dualmigrate's job\n\n");
            md.append("Sampled every 200 ms from the job's metrics. Full source output buffers")
                    .append(" (back-pressure) point at the tasks after the source (last-write-wins")
                    .append(" and the sink) as the bottleneck, empty ones at the source. The lags")
                    .append(" run from the commit in OLD (`source.ts_ms`) to")
                    .append(
                            " Debezium's reader decoding the change (the envelope's `ts_ms`), and to")
                    .append(" the Flink source emitting it (in between: Debezium's queue and the")
                    .append(" Flink CDC fetcher); the rest of the end-to-end lag is")
                    .append(" spent downstream (shuffle, last-write-wins, sink batch, write).\n\n");
            md.append("| phase | samples | source output buffers full |")
                    .append(" commit → decoded by Debezium | commit → emitted into Flink |\n");
            md.append("|---|---:|---:|---|---|\n");
            for (Map.Entry<String, FlinkMetrics.Window> e : flink.entrySet()) {
                FlinkMetrics.Window w = e.getValue();
                md.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %d | %.0f %% | %s | %s |%n",
                                e.getKey(),
                                w.samples,
                                100 * w.sourceOutputPoolUsage,
                                e.getKey().equals("snapshot") ? "-" : percentiles(w.fetchLagMs),
                                e.getKey().equals("snapshot") ? "-" : percentiles(w.emitLagMs)));
            }
        }
        if (!notes.isEmpty()) {
            md.append("\n### Notes\n\n");
            for (String note : notes) {
                md.append("- ").append(note).append('\n');
            }
        }
        if (failure != null) {
            md.append("\n**The run failed:** ").append(failure).append('\n');
        }
        return md.toString();
    }
}
