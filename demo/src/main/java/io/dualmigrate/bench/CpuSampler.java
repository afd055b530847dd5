package io.dualmigrate.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went during a phase: the whole machine ({@code /proc/stat}), this JVM
 * (Flink, the sink, the benchmark's writers), each role among PostgreSQL's processes, and whatever
 * else runs on the machine (other people's work on a shared box).
 *
 * <p>PostgreSQL processes are sampled every 250 ms and attributed by what {@code pg_stat_activity}
 * and {@code pg_replication_slots} say they are: dualmigrate's sink sessions, its WAL sender and
 * snapshot readers, the native subscription's apply worker and WAL sender, the benchmark's writer,
 * and the rest. JVM threads are read at the marks through {@link ThreadMXBean}; threads that ended
 * between two marks are not counted. Linux only; elsewhere the figures stay empty.
 */
final class CpuSampler implements AutoCloseable {

    private static final double TICKS_PER_SECOND = 100.0;

    /** A reading at one moment: cumulative CPU seconds per bucket. */
    static final class Mark {
        final long nanos = System.nanoTime();
        final double machineBusy;
        final double jvm;
        final Map<String, Double> postgres;
        final Map<String, Double> jvmThreads;

        Mark(double machineBusy, double jvm, Map<String, Double> pg, Map<String, Double> threads) {
            this.machineBusy = machineBusy;
            this.jvm = jvm;
            this.postgres = pg;
            this.jvmThreads = threads;
        }
    }

    /** CPU used between two marks, in percent of one core (200 % = two cores busy). */
    static final class Usage {
        final double seconds;
        final double machineBusy;
        final double jvm;
        final double postgresTotal;
        final Map<String, Double> postgres;
        final Map<String, Double> jvmThreads;

        Usage(Mark a, Mark b) {
            seconds = (b.nanos - a.nanos) / 1e9;
            machineBusy = pct(b.machineBusy - a.machineBusy);
            jvm = pct(b.jvm - a.jvm);
            postgres = diff(a.postgres, b.postgres);
            Map<String, Double> threads = new LinkedHashMap<>(b.jvmThreads);
            double javaThreads =
                    b.jvmThreads.values().stream().mapToDouble(Double::doubleValue).sum()
                            - a.jvmThreads.values().stream().mapToDouble(Double::doubleValue).sum();
            // JIT compiler and GC threads are not Java threads; ended threads are gone
            threads.put("(JIT, GC, ended threads)", Math.max(0, (b.jvm - a.jvm) - javaThreads));
            jvmThreads = diff(a.jvmThreads, threads);
            postgresTotal = postgres.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /**
         * CPU seconds dualmigrate used: this JVM without the benchmark's own threads (its writer
         * and pollers on {@code main}, {@code bench-*}, the HTTP client), plus dualmigrate's
         * PostgreSQL sessions and WAL sender.
         */
        double dualmigrateSeconds() {
            double benchThreads =
                    jvmThreads.entrySet().stream()
                            .filter(
                                    e ->
                                            e.getKey().equals("main")
                                                    || e.getKey().startsWith("bench-")
                                                    || e.getKey().startsWith("HttpClient-"))
                            .mapToDouble(Map.Entry::getValue)
                            .sum();
            return (jvm - benchThreads + postgres("dualmigrate:")) * seconds / 100;
        }

        /** CPU seconds the native replication used: its apply worker and WAL sender. */
        double nativeSeconds() {
            return postgres("native:") * seconds / 100;
        }

        private double postgres(String prefix) {
            return postgres.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(prefix))
                    .mapToDouble(Map.Entry::getValue)
                    .sum();
        }

        double others() {
            return Math.max(0, machineBusy - jvm - postgresTotal);
        }

        private double pct(double cpuSeconds) {
            return seconds <= 0 ? 0 : 100.0 * cpuSeconds / seconds;
        }

        private Map<String, Double> diff(Map<String, Double> a, Map<String, Double> b) {
            Map<String, Double> out = new LinkedHashMap<>();
            b.entrySet().stream()
                    .map(
                            e ->
                                    Map.entry(
                                            e.getKey(),
                                            pct(e.getValue() - a.getOrDefault(e.getKey(), 0.0))))
                    .filter(e -> e.getValue() >= 0.5)
                    .sorted((x, y) -> Double.compare(y.getValue(), x.getValue()))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        }
    }

    private final Connection monitor;
    private final long postmaster;
    private final Map<Long, Double> lastSeen = new HashMap<>();
    private final Map<Long, String> lastRole = new HashMap<>();
    private final Map<String, Double> roleTotals = new TreeMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean initialized;
    private double postmasterLast;

    CpuSampler(Connection monitor) throws SQLException {
        this.monitor = monitor;
        long backend;
        try (Statement st = monitor.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            backend = rs.getLong(1);
        }
        this.postmaster = parentOf(backend);
        sample();
        this.thread = new Thread(this::loop, "bench-cpu-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(250);
                sample();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | SQLException e) {
                // the server is going away at the end of the run: stop quietly
                return;
            }
        }
    }

    /** Samples now and returns the cumulative figures. */
    synchronized Mark mark() {
        try {
            sample();
        } catch (SQLException | RuntimeException e) {
            // keep the last figures
        }
        return new Mark(
                machineBusySeconds(),
                processSeconds(ProcessHandle.current().pid(), false),
                new TreeMap<>(roleTotals),
                jvmThreadSeconds());
    }

    private synchronized void sample() throws SQLException {
        Map<Long, String> roles = new HashMap<>();
        try (Statement st = monitor.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT a.pid, a.backend_type, coalesce(a.application_name, ''),"
                                        + " coalesce(a.datname, ''), coalesce(s.slot_name, '')"
                                        + " FROM pg_stat_activity a LEFT JOIN pg_replication_slots s"
                                        + " ON s.active_pid = a.pid")) {
            while (rs.next()) {
                roles.put(
                        rs.getLong(1),
                        role(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            }
        }
        List<Long> children = childrenOf(postmaster);
        double vanished = 0;
        List<String> vanishedRoles = new ArrayList<>();
        for (var it = lastSeen.entrySet().iterator(); it.hasNext(); ) {
            var seen = it.next();
            if (!children.contains(seen.getKey())) {
                vanished += seen.getValue();
                vanishedRoles.add(lastRole.getOrDefault(seen.getKey(), "postgres: other"));
                lastRole.remove(seen.getKey());
                it.remove();
            }
        }
        for (long pid : children) {
            double cpu = processSeconds(pid, false);
            if (cpu < 0) {
                continue;
            }
            Double previous = lastSeen.put(pid, cpu);
            String role = roles.getOrDefault(pid, lastRole.getOrDefault(pid, "postgres: other"));
            lastRole.put(pid, role);
            if (!initialized) {
                continue;
            }
            double delta = cpu - (previous == null ? 0 : previous);
            roleTotals.merge(role, delta, Double::sum);
        }
        double postmasterCpu = processSeconds(postmaster, true);
        if (initialized) {
            // the postmaster's own time plus what ended children used after their last sample:
            // their whole time reaches its children's counters, what was counted is taken off;
            // the rest goes to the roles of the processes that ended (short-lived ones, such as
            // the native table-sync worker, would otherwise vanish into "other")
            double tail = Math.max(0, postmasterCpu - postmasterLast - vanished);
            if (vanishedRoles.isEmpty()) {
                roleTotals.merge("postgres: other", tail, Double::sum);
            } else {
                for (String role : vanishedRoles) {
                    roleTotals.merge(role, tail / vanishedRoles.size(), Double::sum);
                }
            }
        }
        postmasterLast = postmasterCpu;
        initialized = true;
    }

    private static String role(String backendType, String app, String database, String slot) {
        if (backendType.equals("logical replication worker")) {
            return "native: apply worker";
        }
        if (backendType.equals("walsender")) {
            if (slot.startsWith("dualmigrate_")) {
                return "dualmigrate: WAL sender";
            }
            if (slot.startsWith(NativeReplication.SLOT) || slot.startsWith("pg_")) {
                return "native: WAL sender";
            }
            return app.startsWith(NativeReplication.SUBSCRIPTION)
                    ? "native: WAL sender"
                    : "dualmigrate: WAL sender";
        }
        if (!backendType.equals("client backend")) {
            return "postgres: other";
        }
        if (app.startsWith("dualmigrate-" + DualmigrateReplication.MIGRATION + "-sink")) {
            return "dualmigrate: sink sessions (NEW)";
        }
        if (app.equals(ReplicationBenchmark.WRITER_APP)) {
            return "benchmark: writer (OLD)";
        }
        if (app.startsWith("bench-")) {
            return "benchmark: checks";
        }
        if (database.equals(ReplicationBenchmark.OLD_DB)) {
            return "dualmigrate: source sessions (OLD)";
        }
        return "postgres: other";
    }

    private static long parentOf(long pid) {
        String[] stat = stat(pid);
        return stat == null ? -1 : Long.parseLong(stat[1]);
    }

    private static List<Long> childrenOf(long parent) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.map(p -> p.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(pid -> parentOf(pid) == parent)
                    .toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** utime + stime (+ reaped children's when asked) of a process, in seconds; -1 if gone. */
    private static double processSeconds(long pid, boolean withChildren) {
        String[] stat = stat(pid);
        if (stat == null) {
            return -1;
        }
        // fields after the command: index 0 is state; utime is field 14 of the full line
        long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
        if (withChildren) {
            ticks += Long.parseLong(stat[13]) + Long.parseLong(stat[14]);
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** The fields of {@code /proc/<pid>/stat} after the command name, or null. */
    private static String[] stat(long pid) {
        try {
            String line = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return line.substring(line.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static double machineBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static Map<String, Double> jvmThreadSeconds() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Double> out = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos > 0) {
                out.merge(threadGroup(info.getThreadName()), nanos / 1e9, Double::sum);
            }
        }
        return out;
    }

    /** Groups a thread name across subtasks and pool numbers. */
    static String threadGroup(String name) {
        return name.replaceAll("\\s*\\(\\d+/\\d+\\)(#\\d+)?", "").replaceAll("\\d+", "N").trim();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
