package io.dualmigrate.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dualmigrate.config.ConnectionSettings;
import io.dualmigrate.config.EntityRules;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confirms a difference by re-reading its key from OLD and NEW after a delay (Flink async I/O).
 *
 * <p>The wait runs from the pair's detection time, so a re-read restored from a checkpoint does not
 * wait twice. Both queries run on one of {@code threads} workers, each with its own connection to
 * each store. The re-read rows are classified with the entity's rules: a difference that is gone is
 * {@link Category#REPLICATION_LAG} ({@link Confirmation#TRANSIENT}); one that persists keeps the
 * category of the re-read ({@link Confirmation#CONFIRMED}). A failed or timed-out re-read reports
 * the pair as seen ({@link Confirmation#REREAD_FAILED}) rather than failing the job. Logs name the
 * entity and the SQL state only, never a value.
 */
public class RereadFunction extends RichAsyncFunction<PendingConfirmation, ShadowOutcome> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RereadFunction.class);

    private final Comparison comparison;
    private final ConnectionSettings oldStore;
    private final ConnectionSettings newStore;
    private final long delayMs;
    private final int queryTimeoutSeconds;
    private final int threads;

    private transient ExecutorService workers;
    private transient ScheduledExecutorService timer;
    private transient ThreadLocal<Worker> worker;
    private transient List<Worker> allWorkers;
    private transient Counter rereads;
    private transient Counter failures;

    public RereadFunction(
            Comparison comparison,
            ConnectionSettings oldStore,
            ConnectionSettings newStore,
            Duration delay,
            Duration timeout,
            int threads) {
        this.comparison = comparison;
        this.oldStore = oldStore;
        this.newStore = newStore;
        this.delayMs = delay.toMillis();
        this.queryTimeoutSeconds = (int) Math.max(1, timeout.toSeconds());
        this.threads = threads;
    }

    @Override
    public void open(OpenContext context) {
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        workers = Executors.newFixedThreadPool(threads, r -> daemon(r, "shadow-reread-" + subtask));
        timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> daemon(r, "shadow-delay-" + subtask));
        allWorkers = new ArrayList<>();
        worker =
                ThreadLocal.withInitial(
                        () -> {
                            Worker w = new Worker("dualmigrate-shadow-reread-" + subtask);
                            synchronized (allWorkers) {
                                allWorkers.add(w);
                            }
                            return w;
                        });
        MetricGroup metrics = ShadowMetrics.group(getRuntimeContext().getMetricGroup());
        rereads = metrics.counter(ShadowMetrics.REREADS);
        failures = metrics.counter(ShadowMetrics.REREAD_FAILURES);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void asyncInvoke(PendingConfirmation pending, ResultFuture<ShadowOutcome> result) {
        long wait = pending.outcome.detectedAt + delayMs - System.currentTimeMillis();
        try {
            timer.schedule(
                    () -> workers.execute(() -> reread(pending, result)),
                    Math.max(0, wait),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
    }

    private void reread(PendingConfirmation pending, ResultFuture<ShadowOutcome> result) {
        ShadowOutcome outcome = pending.outcome;
        EntityRules rules = comparison.rules(outcome.entity);
        try {
            JsonNode key = Classifier.tree(pending.key);
            Worker w = worker.get();
            SideRead old = w.read(true, outcome.entity, rules, key);
            SideRead neu = w.read(false, outcome.entity, rules, key);
            rereads.inc();
            result.complete(List.of(confirmed(outcome, Classifier.classify(old, neu, rules))));
        } catch (SQLException | RuntimeException e) {
            failures.inc();
            LOG.warn(
                    "Re-read of a {} pair failed ({}, SQL state {}); reported unconfirmed",
                    outcome.entity,
                    e.getClass().getSimpleName(),
                    e instanceof SQLException ? ((SQLException) e).getSQLState() : "-");
            worker.get().reset();
            result.complete(List.of(failed(outcome)));
        }
    }

    @Override
    public void timeout(PendingConfirmation pending, ResultFuture<ShadowOutcome> result) {
        failures.inc();
        LOG.warn("Re-read of a {} pair timed out; reported unconfirmed", pending.outcome.entity);
        result.complete(List.of(failed(pending.outcome)));
    }

    static ShadowOutcome confirmed(ShadowOutcome seen, Classification reread) {
        ShadowOutcome out = copy(seen);
        if (reread.category() == Category.MATCH) {
            out.category = Category.REPLICATION_LAG;
            out.confirmation = Confirmation.TRANSIENT;
        } else {
            out.category = reread.category();
            out.confirmation = Confirmation.CONFIRMED;
            out.differences = reread.differences().toArray(new FieldDifference[0]);
        }
        return out;
    }

    static ShadowOutcome failed(ShadowOutcome seen) {
        ShadowOutcome out = copy(seen);
        out.confirmation = Confirmation.REREAD_FAILED;
        return out;
    }

    private static ShadowOutcome copy(ShadowOutcome seen) {
        ShadowOutcome out = new ShadowOutcome();
        out.requestId = seen.requestId;
        out.entity = seen.entity;
        out.key = seen.key;
        out.category = seen.category;
        out.initialCategory = seen.initialCategory;
        out.confirmation = seen.confirmation;
        out.differences = seen.differences;
        out.oldVersion = seen.oldVersion;
        out.newVersion = seen.newVersion;
        out.oldError = seen.oldError;
        out.newError = seen.newError;
        out.eventTime = seen.eventTime;
        out.detectedAt = seen.detectedAt;
        out.oldSample = seen.oldSample;
        out.newSample = seen.newSample;
        return out;
    }

    @Override
    public void close() throws Exception {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (workers != null) {
            workers.shutdownNow();
            workers.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (allWorkers != null) {
            synchronized (allWorkers) {
                allWorkers.forEach(Worker::reset);
            }
        }
    }

    /** One worker thread's connections and prepared statements. */
    private final class Worker {
        private final String applicationName;
        private final Map<String, RereadQuery> queries = new HashMap<>();
        private final Map<String, PreparedStatement> statements = new HashMap<>();
        private Connection oldConnection;
        private Connection newConnection;

        Worker(String applicationName) {
            this.applicationName = applicationName;
        }

        SideRead read(boolean old, String entity, EntityRules rules, JsonNode key)
                throws SQLException {
            String name = (old ? "old:" : "new:") + entity;
            RereadQuery query =
                    queries.computeIfAbsent(
                            name,
                            n ->
                                    RereadQuery.parse(
                                            old ? rules.reread.oldQuery : rules.reread.newQuery));
            PreparedStatement statement = statements.get(name);
            if (statement == null) {
                statement = connection(old).prepareStatement(query.sql);
                statement.setQueryTimeout(queryTimeoutSeconds);
                statements.put(name, statement);
            }
            query.bind(statement, key);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return new SideRead(false, null, null, null, null);
                }
                ObjectNode row = RowJson.of(rs);
                JsonNode version = row.remove(rules.reread.versionColumn);
                Long v = version != null && version.isIntegralNumber() ? version.longValue() : null;
                return new SideRead(true, v, ReadLogParser.canonical(row), null, null);
            }
        }

        private Connection connection(boolean old) throws SQLException {
            if (old) {
                if (oldConnection == null) {
                    oldConnection = oldStore.connect(applicationName);
                }
                return oldConnection;
            }
            if (newConnection == null) {
                newConnection = newStore.connect(applicationName);
            }
            return newConnection;
        }

        /** Drops the connections after an error, so the next re-read starts afresh. */
        void reset() {
            statements.clear();
            for (Connection c : new Connection[] {oldConnection, newConnection}) {
                if (c != null) {
                    try {
                        c.close();
                    } catch (SQLException e) {
                        LOG.debug("Closing a re-read connection failed", e);
                    }
                }
            }
            oldConnection = null;
            newConnection = null;
        }
    }
}
