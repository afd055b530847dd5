package io.dualmigrate.sink;

import io.dualmigrate.config.OnError;
import io.dualmigrate.source.ChangeEvent;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of {@link GuardedJdbcSink}: buffers, coalesces per key, writes in one transaction per
 * batch, and isolates rejected rows.
 *
 * <p>Within a batch only the newest change of each key is written (the keyed function already
 * ordered them). If a batch fails on a data error, it is rolled back and written row by row so that
 * only the offending rows are dead-lettered.
 */
class GuardedJdbcWriter implements SinkWriter<ChangeEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedJdbcWriter.class);

    private final SinkSettings settings;
    private final ProcessingTimeService time;
    private final Map<String, TableBinding> tables = new HashMap<>();
    private final Map<String, PreparedStatement> upserts = new HashMap<>();
    private final Map<String, PreparedStatement> tombstones = new HashMap<>();
    private final LinkedHashMap<String, ChangeEvent> buffer = new LinkedHashMap<>();
    private final DeadLetterTable deadLetters;
    private final String applicationName;

    private final Counter rowsApplied;
    private final Counter rowsBehindTarget;
    private final Counter snapshotRowsWritten;
    private final Counter deadLettered;
    private final Counter retries;
    private final Counter recordsSent;
    private final Histogram lagMs;
    private volatile long lastCommitTimeMs;
    private final ProgressLog progress;

    private Connection connection;
    private boolean timerPending;

    GuardedJdbcWriter(
            SinkSettings settings,
            ProcessingTimeService time,
            SinkWriterMetricGroup metrics,
            int subtask)
            throws IOException {
        this.settings = settings;
        this.time = time;
        this.deadLetters = new DeadLetterTable(settings.deadLetterTable);
        this.applicationName = "dualmigrate-" + settings.migrationName + "-sink-" + subtask;
        for (TargetTable table : settings.tables) {
            tables.put(table.sourceTable, new TableBinding(table));
        }
        rowsApplied = metrics.counter("rowsApplied");
        rowsBehindTarget = metrics.counter("rowsSkippedNewerInTarget");
        snapshotRowsWritten = metrics.counter("snapshotRowsWritten");
        deadLettered = metrics.counter("deadLetters");
        retries = metrics.counter("writeRetries");
        recordsSent = metrics.getNumRecordsSendCounter();
        lagMs = metrics.histogram("replicationLagMs", new DescriptiveStatisticsHistogram(10_000));
        metrics.gauge("lastAppliedCommitTimeMs", () -> lastCommitTimeMs);
        long estimate = settings.tables.stream().mapToLong(t -> t.estimatedRows).sum();
        metrics.gauge("snapshotRowsEstimated", () -> estimate);
        progress = new ProgressLog(subtask, estimate);
        try {
            connect();
        } catch (SQLException e) {
            // NEW may be restarting: the first write connects again, with retries.
            LOG.warn("Cannot connect to NEW at {} yet: {}", settings.target, e.getMessage());
        }
    }

    @Override
    public void write(ChangeEvent event, Context context) throws IOException, InterruptedException {
        String invalid = invalidReason(event);
        if (invalid != null) {
            flushBuffer();
            reject(event, invalid, null);
            return;
        }
        ChangeEvent previous = buffer.get(event.partitionKey());
        if (previous == null || previous.version <= event.version) {
            buffer.put(event.partitionKey(), event);
        }
        if (buffer.size() >= settings.batchSize) {
            flushBuffer();
        } else if (!timerPending) {
            timerPending = true;
            time.registerTimer(
                    time.getCurrentProcessingTime() + settings.flushIntervalMs,
                    now -> {
                        timerPending = false;
                        flushBuffer();
                    });
        }
    }

    /** Why an event cannot be written as it is, or null when it can. */
    private String invalidReason(ChangeEvent event) {
        if (event.invalidReason != null) {
            return event.invalidReason;
        }
        TableBinding binding = tables.get(event.table);
        String missing = binding == null ? null : binding.missingColumn(event);
        if (missing == null) {
            return null;
        }
        return "OLD column "
                + missing
                + " is absent from the change (dropped or renamed in OLD?); writing it would"
                + " set NEW's column to NULL";
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        flushBuffer();
    }

    private void flushBuffer() throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
        List<ChangeEvent> batch = new ArrayList<>(buffer.values());
        buffer.clear();
        int attempt = 0;
        while (true) {
            try {
                writeBatch(batch);
                return;
            } catch (RuntimeException | AssertionError e) {
                rollbackQuietly();
                attempt = retryOrFail(attempt, SqlErrors.driverFailure(e));
            } catch (SQLException e) {
                rollbackQuietly();
                if (!SqlErrors.rejectsRow(e)) {
                    attempt = retryOrFail(attempt, e);
                    continue;
                }
                LOG.info(
                        "Batch of {} rows rejected ({}); writing its rows one by one",
                        batch.size(),
                        SqlErrors.message(e));
                writeOneByOne(batch);
                return;
            }
        }
    }

    private void writeBatch(List<ChangeEvent> batch) throws SQLException {
        // A failed attempt can leave rows queued in a statement whose batch never ran.
        clearBatches();
        List<PreparedStatement> used = new ArrayList<>();
        List<List<ChangeEvent>> perStatement = new ArrayList<>();
        for (ChangeEvent event : batch) {
            PreparedStatement ps = bind(event);
            int index = used.indexOf(ps);
            if (index < 0) {
                used.add(ps);
                perStatement.add(new ArrayList<>());
                index = used.size() - 1;
            }
            ps.addBatch();
            perStatement.get(index).add(event);
        }
        int[][] counts = new int[used.size()][];
        for (int i = 0; i < used.size(); i++) {
            counts[i] = used.get(i).executeBatch();
        }
        connection.commit();
        for (int i = 0; i < used.size(); i++) {
            List<ChangeEvent> events = perStatement.get(i);
            for (int j = 0; j < events.size(); j++) {
                applied(events.get(j), counts[i][j]);
            }
        }
    }

    private void writeOneByOne(List<ChangeEvent> batch) throws IOException, InterruptedException {
        try {
            clearBatches();
        } catch (SQLException e) {
            reconnectQuietly();
        }
        for (ChangeEvent event : batch) {
            int attempt = 0;
            while (true) {
                try {
                    int count = bind(event).executeUpdate();
                    connection.commit();
                    applied(event, count);
                    break;
                } catch (RuntimeException | AssertionError e) {
                    rollbackQuietly();
                    attempt = retryOrFail(attempt, SqlErrors.driverFailure(e));
                } catch (SQLException e) {
                    rollbackQuietly();
                    if (!SqlErrors.rejectsRow(e)) {
                        attempt = retryOrFail(attempt, e);
                        continue;
                    }
                    reject(event, SqlErrors.message(e), SqlErrors.rootState(e));
                    break;
                }
            }
        }
    }

    private void applied(ChangeEvent event, int count) {
        recordsSent.inc();
        if (progress.due()) {
            progress.log(
                    snapshotRowsWritten.getCount(),
                    rowsApplied.getCount(),
                    deadLettered.getCount(),
                    lagMs.getStatistics().getQuantile(0.99));
        }
        if (count == 0) {
            rowsBehindTarget.inc();
            return;
        }
        rowsApplied.inc();
        if (event.snapshot) {
            snapshotRowsWritten.inc();
        } else {
            lagMs.update(Math.max(0, System.currentTimeMillis() - event.commitTimeMs));
            lastCommitTimeMs = Math.max(lastCommitTimeMs, event.commitTimeMs);
        }
    }

    private void reject(ChangeEvent event, String error, String sqlState) throws IOException {
        TableBinding binding = tables.get(event.table);
        String target = binding == null ? null : binding.table.target.toString();
        if (settings.onError == OnError.FAIL) {
            throw new IOException(
                    "NEW rejected "
                            + event
                            + " for "
                            + target
                            + ": "
                            + error
                            + " (replication.on-error: fail stops the job; use dead-letter to"
                            + " keep it running)");
        }
        int attempt = 0;
        while (true) {
            try {
                if (connection == null) {
                    connect();
                }
                deadLetters.write(
                        connection, settings.migrationName, event, target, error, sqlState);
                connection.commit();
                deadLettered.inc();
                LOG.warn("Dead-lettered {} for {}: {}", event, target, error);
                return;
            } catch (SQLException e) {
                rollbackQuietly();
                try {
                    attempt = retryOrFail(attempt, e);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("Interrupted while writing a dead letter", interrupted);
                }
            }
        }
    }

    private PreparedStatement bind(ChangeEvent event) throws SQLException {
        TableBinding binding = tables.get(event.table);
        if (binding == null) {
            throw new SQLException("no mapping for source table " + event.table, "DM001");
        }
        TargetTable table = binding.table;
        if (event.delete) {
            PreparedStatement ps = statement(tombstones, table, binding.tombstoneSql);
            int p = 1;
            if (!table.tombstoneInsert) {
                ps.setLong(p++, event.version);
            }
            for (int key = 0; key < table.keyCount; key++) {
                ps.setString(p++, binding.value(event, key));
            }
            ps.setLong(p++, event.version);
            if (!table.tombstoneInsert) {
                ps.setLong(p, event.version);
            }
            return ps;
        }
        PreparedStatement ps = statement(upserts, table, binding.upsertSql);
        int p = 1;
        for (int column = 0; column < table.columns.size(); column++) {
            ps.setString(p++, binding.value(event, column));
        }
        ps.setLong(p, event.version);
        return ps;
    }

    private PreparedStatement statement(
            Map<String, PreparedStatement> cache, TargetTable table, String sql)
            throws SQLException {
        if (connection == null) {
            connect();
        }
        PreparedStatement ps = cache.get(table.sourceTable);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            cache.put(table.sourceTable, ps);
        }
        return ps;
    }

    private void clearBatches() throws SQLException {
        for (PreparedStatement ps : upserts.values()) {
            ps.clearBatch();
        }
        for (PreparedStatement ps : tombstones.values()) {
            ps.clearBatch();
        }
    }

    private int retryOrFail(int attempt, SQLException e) throws IOException, InterruptedException {
        if (attempt >= settings.maxRetries) {
            throw new IOException(
                    "NEW unreachable after "
                            + attempt
                            + " retries ("
                            + SqlErrors.message(e)
                            + "); failing over to replay from the last checkpoint",
                    e);
        }
        retries.inc();
        long backoff = Math.min(10_000L, 200L << Math.min(attempt, 6));
        LOG.warn(
                "Write to NEW failed ({}), retry {} of {} in {} ms",
                SqlErrors.message(e),
                attempt + 1,
                settings.maxRetries,
                backoff);
        Thread.sleep(backoff);
        reconnectQuietly();
        return attempt + 1;
    }

    private void connect() throws SQLException {
        connection = settings.target.connect(applicationName);
        connection.setAutoCommit(false);
    }

    private void reconnectQuietly() {
        closeConnection();
        try {
            connect();
        } catch (SQLException e) {
            LOG.warn("Reconnect to NEW failed: {}", e.getMessage());
        }
    }

    private void rollbackQuietly() {
        try {
            if (connection != null && !connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            LOG.debug("Rollback failed", e);
        }
    }

    private void closeConnection() {
        for (PreparedStatement ps : upserts.values()) {
            closeQuietly(ps);
        }
        for (PreparedStatement ps : tombstones.values()) {
            closeQuietly(ps);
        }
        upserts.clear();
        tombstones.clear();
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Close failed", e);
            }
            connection = null;
        }
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException e) {
            LOG.debug("Close failed", e);
        }
    }

    @Override
    public void close() {
        closeConnection();
    }
}
