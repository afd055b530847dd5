package io.dualmigrate.source;

import io.dualmigrate.config.ConnectionSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports how much WAL OLD keeps for the job's replication slots, as the gauge {@code
 * walRetainedBytes}: {@code pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)} of the slot that
 * holds the most (the job's slot and Flink CDC's per-subtask slots {@code <slot>_<n>}).
 *
 * <p>Why: a slot that stops advancing (a stuck or cancelled job) makes OLD keep WAL until its disk
 * is full; this is the number to alert on. Events pass through unchanged. Only subtask 0 polls, on
 * its own connection to OLD and its own thread, so the query runs once per interval for the whole
 * job and never delays a change. Before the first answer, and while OLD cannot be reached, the
 * gauge shows the last value it got (-1 at first).
 */
public class SlotWalGauge extends RichMapFunction<ChangeEvent, ChangeEvent> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SlotWalGauge.class);
    private static final String QUERY =
            "SELECT coalesce(max(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)), 0)::bigint"
                    + " FROM pg_replication_slots WHERE slot_name = ? OR slot_name LIKE ?";

    private final ConnectionSettings source;
    private final String slotName;
    private final Duration interval;

    private transient ScheduledExecutorService poller;
    private transient Connection connection;
    private transient volatile long retainedBytes;

    public SlotWalGauge(ConnectionSettings source, String slotName, Duration interval) {
        this.source = source;
        this.slotName = slotName;
        this.interval = interval;
    }

    @Override
    public void open(Configuration parameters) {
        if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() != 0) {
            return;
        }
        retainedBytes = -1;
        getRuntimeContext()
                .getMetricGroup()
                .gauge("walRetainedBytes", (Gauge<Long>) () -> retainedBytes);
        poller =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "dualmigrate-slot-wal-gauge");
                            t.setDaemon(true);
                            return t;
                        });
        poller.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public ChangeEvent map(ChangeEvent event) {
        return event;
    }

    private void poll() {
        try {
            if (connection == null || connection.isClosed()) {
                connection = source.connect("dualmigrate-slot-wal-gauge");
            }
            try (PreparedStatement ps = connection.prepareStatement(QUERY)) {
                ps.setString(1, slotName);
                ps.setString(2, slotName.replace("_", "\\_") + "\\_%");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    retainedBytes = rs.getLong(1);
                }
            }
        } catch (SQLException e) {
            LOG.warn(
                    "Could not read the WAL retained by slot {} from OLD: {}",
                    slotName,
                    e.getMessage());
            closeConnection();
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Closing a broken connection: nothing left to release.
            }
            connection = null;
        }
    }

    @Override
    public void close() throws Exception {
        if (poller != null) {
            poller.shutdownNow();
            poller.awaitTermination(5, TimeUnit.SECONDS);
            closeConnection();
        }
    }
}
