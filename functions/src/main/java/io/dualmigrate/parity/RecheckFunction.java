package io.dualmigrate.parity;

import io.dualmigrate.sink.GuardedSql;
import io.dualmigrate.sink.TargetColumn;
import io.dualmigrate.sink.TargetTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads each differing key again on both sides once {@code parity.recheck-delay} has passed since
 * it was seen, and decides ({@link Recheck}): confirmed drift is recorded in the drift table (and
 * with {@code --repair} written from OLD into NEW through the version-guarded upsert or tombstone);
 * a difference that is gone, or explained by a write in flight, is counted as transient.
 */
public final class RecheckFunction extends ProcessFunction<Difference, Tally> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RecheckFunction.class);

    private final ParityRun run;

    private transient Connection old;
    private transient Connection neu;
    private transient OldReadThrottle throttle;
    private transient Counter[] confirmed;
    private transient Counter transients;
    private transient Counter repaired;

    public RecheckFunction(ParityRun run) {
        this.run = run;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        old = ParitySession.open(run.source, run.applicationName("recheck", subtask));
        old.setReadOnly(true);
        neu = ParitySession.open(run.target, run.applicationName("recheck", subtask));
        throttle = new OldReadThrottle(run.settings.rateLimit, parallelism);
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        confirmed = new Counter[DriftKind.values().length];
        for (DriftKind kind : DriftKind.DRIFT) {
            confirmed[kind.ordinal()] =
                    metrics.addGroup("kind", kind.name()).counter("confirmedDrift");
        }
        transients = metrics.counter("transientDifferences");
        repaired = metrics.counter("rowsRepaired");
    }

    @Override
    public void processElement(Difference d, Context ctx, Collector<Tally> out) throws Exception {
        ParityTable table = run.tables.get(d.table);
        int columns = table.columnNames.size();
        SideReader oldReader = new SideReader(old, table.old, columns, run.fetchSize);
        SideReader newReader = new SideReader(neu, table.neu, columns, run.fetchSize);
        CastNormalizer casts = new CastNormalizer(neu, table);
        DriftClassifier classifier = table.classifier();
        String[] before = d.oldValues;
        long seenAt = d.seenAtMillis;
        Tally tally = new Tally(d.table);
        for (int attempt = 1; ; attempt++) {
            long wait = seenAt + run.settings.recheckDelay.toMillis() - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            RowImage oldRaw = oldReader.row(d.key);
            throttle.acquire(1);
            RowImage oldNow = oldRaw == null ? null : copy(oldRaw);
            if (oldNow != null) {
                casts.normalize(List.of(oldNow));
            }
            RowImage newNow = newReader.row(d.key);
            Verdict verdict = classifier.classify(oldNow, newNow);
            switch (Recheck.decide(
                    before, oldNow, verdict, attempt, run.settings.recheckAttempts)) {
                case TRANSIENT -> {
                    tally.transients++;
                    transients.inc();
                    out.collect(tally);
                    return;
                }
                case CONFIRMED -> {
                    boolean fixed = run.repair && repair(table, oldRaw, oldNow, newNow);
                    run.records.insertDrift(
                            neu, run.runId, table, d.key, verdict, oldNow, newNow, fixed);
                    tally.confirmed(verdict.kind());
                    confirmed[verdict.kind().ordinal()].inc();
                    if (fixed) {
                        tally.repaired++;
                        repaired.inc();
                    }
                    out.collect(tally);
                    return;
                }
                case AGAIN -> {
                    before = oldNow == null ? null : oldNow.values;
                    seenAt = System.currentTimeMillis();
                }
            }
        }
    }

    /**
     * Writes OLD's row (or its absence) into NEW through the version guard; true if the guard let
     * it in.
     */
    private boolean repair(ParityTable table, RowImage oldRaw, RowImage oldNow, RowImage newNow)
            throws SQLException {
        TargetTable t = table.target;
        if (oldRaw == null) {
            return tombstone(t, newNow);
        }
        long version = RepairVersion.upsert(table.versioned, oldNow, newNow);
        try (PreparedStatement ps = neu.prepareStatement(GuardedSql.upsert(t))) {
            int p = 1;
            for (int i = 0; i < t.columns.size(); i++) {
                TargetColumn c = t.columns.get(i);
                ps.setString(p++, c.isConstant() ? c.constant : oldRaw.values[i]);
            }
            ps.setLong(p, version);
            int updated = ps.executeUpdate();
            if (updated == 0) {
                LOG.warn(
                        "parity {}: repair of {} {} refused by the version guard (NEW holds"
                                + " version {}, the repair carries {})",
                        run.runId,
                        table.name(),
                        List.of(oldRaw.key()),
                        newNow == null ? null : newNow.version,
                        version);
            }
            return updated > 0;
        }
    }

    private boolean tombstone(TargetTable t, RowImage newNow) throws SQLException {
        long version = RepairVersion.tombstone(newNow);
        String[] key = newNow.key();
        try (PreparedStatement ps = neu.prepareStatement(GuardedSql.tombstone(t))) {
            int p = 1;
            if (t.tombstoneInsert) {
                for (String k : key) {
                    ps.setString(p++, k);
                }
                ps.setLong(p, version);
            } else {
                ps.setLong(p++, version);
                for (String k : key) {
                    ps.setString(p++, k);
                }
                ps.setLong(p++, version);
                ps.setLong(p, version);
            }
            return ps.executeUpdate() > 0;
        }
    }

    private static RowImage copy(RowImage row) {
        return new RowImage(row.values.clone(), row.keyCount, row.version, row.deleted);
    }

    @Override
    public void close() throws Exception {
        RangeCompareFunction.closeQuietly(old);
        RangeCompareFunction.closeQuietly(neu);
    }
}
