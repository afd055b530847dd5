package io.dualmigrate.parity;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares one key range of OLD with NEW: count and checksum in both databases; if they differ, the
 * range is split ({@code parity.split-factor} parts) and the parts compared the same way, down to
 * ranges of at most {@code parity.leaf-rows} rows, whose rows are compared one by one. Tables with
 * a declared cast are compared row by row throughout ({@link ParityMethod#ROWS}).
 *
 * <p>Emits a {@link Tally} per range, and each differing key to {@link #DIFFERENCES} for the
 * re-check; a NEW row ahead of OLD's version is counted as transient at once. Rows read from OLD
 * are held to the subtask's share of {@code parity.rate-limit}.
 */
public final class RangeCompareFunction extends ProcessFunction<KeyRange, Tally> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RangeCompareFunction.class);
    private static final long PROGRESS_EVERY_MS = 10_000;

    /** Keys whose rows differed, for the re-check. */
    public static final OutputTag<Difference> DIFFERENCES =
            new OutputTag<>("parity-differences") {};

    private final ParityRun run;

    private transient Connection old;
    private transient Connection neu;
    private transient OldReadThrottle throttle;
    private transient Counter rowsCompared;
    private transient Counter rangesCompared;
    private transient Counter rangesDiffering;
    private transient Counter rowsReadFromOld;
    private transient Counter differencesSeen;
    private transient long lastProgress;
    private transient int subtask;

    public RangeCompareFunction(ParityRun run) {
        this.run = run;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        old = ParitySession.open(run.source, run.applicationName("compare", subtask));
        old.setReadOnly(true);
        neu = ParitySession.open(run.target, run.applicationName("compare", subtask));
        throttle = new OldReadThrottle(run.settings.rateLimit, parallelism);
        var metrics = getRuntimeContext().getMetricGroup();
        rowsCompared = metrics.counter("rowsCompared");
        rangesCompared = metrics.counter("rangesCompared");
        rangesDiffering = metrics.counter("rangesDiffering");
        rowsReadFromOld = metrics.counter("rowsReadFromOld");
        differencesSeen = metrics.counter("differencesSeen");
        metrics.gauge("rangesTotal", () -> run.totalRanges);
        metrics.gauge("throttledMs", () -> throttle.throttledMillis());
        lastProgress = System.currentTimeMillis();
    }

    @Override
    public void processElement(KeyRange range, Context ctx, Collector<Tally> out) throws Exception {
        ParityTable table = run.tables.get(range.table);
        Tally tally = new Tally(range.table);
        tally.ranges = 1;
        Comparison comparison = new Comparison(table, ctx, tally);
        if (table.method == ParityMethod.ROWS) {
            comparison.rows(range);
        } else {
            comparison.summed(range, true);
        }
        rangesCompared.inc();
        rowsCompared.inc(tally.rowsCompared);
        if (tally.rangesDiffering > 0) {
            rangesDiffering.inc();
        }
        out.collect(tally);
        logProgress();
    }

    /** One range's comparison, down through its parts. */
    private final class Comparison {
        final ParityTable table;
        final Context ctx;
        final Tally tally;
        final SideReader oldReader;
        final SideReader newReader;
        final DriftClassifier classifier;

        Comparison(ParityTable table, Context ctx, Tally tally) {
            this.table = table;
            this.ctx = ctx;
            this.tally = tally;
            int columns = table.columnNames.size();
            this.oldReader = new SideReader(old, table.old, columns, run.fetchSize);
            this.newReader = new SideReader(neu, table.neu, columns, run.fetchSize);
            this.classifier = table.classifier();
        }

        void summed(KeyRange range, boolean top) throws SQLException, InterruptedException {
            RangeSummary o = oldReader.summary(range);
            readFromOld(o.rows());
            RangeSummary n = newReader.summary(range);
            if (top) {
                tally.rowsOld += o.rows();
                tally.rowsNew += n.rows();
                tally.rowsCompared += Math.max(o.rows(), n.rows());
            }
            switch (Bisection.next(o, n, run.settings.leafRows)) {
                case SAME -> {}
                case COMPARE_ROWS -> {
                    tally.rangesDiffering = 1;
                    rowHashes(range);
                }
                case SPLIT -> {
                    tally.rangesDiffering = 1;
                    boolean fromOld = o.rows() >= n.rows();
                    long rows = Math.max(o.rows(), n.rows());
                    long step = Bisection.splitStep(rows, run.settings.splitFactor);
                    List<String[]> points =
                            (fromOld ? oldReader : newReader).splitPoints(range, step);
                    if (fromOld) {
                        readFromOld(rows);
                    }
                    List<KeyRange> parts = range.splitAt(points);
                    if (parts.size() < 2) {
                        rowHashes(range);
                        return;
                    }
                    for (KeyRange part : parts) {
                        summed(part, false);
                    }
                }
            }
        }

        /** Every row of a range from both sides, compared one by one (tables with casts). */
        void rows(KeyRange range) throws SQLException, InterruptedException {
            Map<String, RowImage> oldRows = oldReader.rows(range);
            readFromOld(oldRows.size());
            Map<String, RowImage> newRows = newReader.rows(range);
            new CastNormalizer(neu, table).normalize(oldRows.values());
            long live = newRows.values().stream().filter(r -> !r.deleted).count();
            tally.rowsOld += oldRows.size();
            tally.rowsNew += live;
            tally.rowsCompared += Math.max(oldRows.size(), live);
            Set<String> keys = new LinkedHashSet<>(oldRows.keySet());
            keys.addAll(newRows.keySet());
            long seenAt = System.currentTimeMillis();
            boolean differs = false;
            for (String key : keys) {
                differs |= compare(range, oldRows.get(key), newRows.get(key), seenAt);
            }
            if (differs) {
                tally.rangesDiffering = 1;
            }
        }

        /**
         * Compares a range's rows by their hashes (one pass per side) and reads only the keys whose
         * hashes differ, or that one side lacks, in full.
         */
        void rowHashes(KeyRange range) throws SQLException, InterruptedException {
            Map<String, SideReader.KeyHash> oldHashes = oldReader.rowHashes(range);
            readFromOld(oldHashes.size());
            Map<String, SideReader.KeyHash> newHashes = newReader.rowHashes(range);
            Set<String> keys = new LinkedHashSet<>(oldHashes.keySet());
            keys.addAll(newHashes.keySet());
            long seenAt = System.currentTimeMillis();
            for (String key : keys) {
                SideReader.KeyHash o = oldHashes.get(key);
                SideReader.KeyHash n = newHashes.get(key);
                if (o != null && n != null && o.hash() == n.hash()) {
                    continue;
                }
                String[] k = (o != null ? o : n).key();
                RowImage oldRow = oldReader.row(k);
                readFromOld(1);
                compare(range, oldRow, newReader.row(k), seenAt);
            }
        }

        /** Classifies one key; a difference goes to the re-check. True if the rows differ. */
        boolean compare(KeyRange range, RowImage o, RowImage n, long seenAt) {
            Verdict verdict = classifier.classify(o, n);
            if (verdict.kind() == DriftKind.MATCH) {
                return false;
            }
            if (verdict.kind() == DriftKind.AHEAD_IN_NEW) {
                tally.transients++;
                return true;
            }
            differencesSeen.inc();
            ctx.output(
                    DIFFERENCES,
                    new Difference(
                            range.table,
                            (o != null ? o : n).key(),
                            o == null ? null : o.values,
                            seenAt));
            return true;
        }
    }

    private void readFromOld(long rows) throws InterruptedException {
        rowsReadFromOld.inc(rows);
        throttle.acquire(rows);
    }

    private void logProgress() {
        long now = System.currentTimeMillis();
        if (now - lastProgress < PROGRESS_EVERY_MS) {
            return;
        }
        lastProgress = now;
        LOG.info(
                "parity {} compare {}: {} ranges done of {} in the run, {} rows compared, {}"
                        + " ranges differing, {} differences to re-check, {} ms throttled",
                run.runId,
                subtask,
                rangesCompared.getCount(),
                run.totalRanges,
                rowsCompared.getCount(),
                rangesDiffering.getCount(),
                differencesSeen.getCount(),
                throttle.throttledMillis());
    }

    @Override
    public void close() throws Exception {
        LOG.info(
                "parity {} compare {}: finished {} ranges, {} rows compared, {} differences",
                run.runId,
                subtask,
                rangesCompared == null ? 0 : rangesCompared.getCount(),
                rowsCompared == null ? 0 : rowsCompared.getCount(),
                differencesSeen == null ? 0 : differencesSeen.getCount());
        closeQuietly(old);
        closeQuietly(neu);
    }

    static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing a parity connection: {}", e.getMessage());
        }
    }
}
