package io.dualmigrate.sink;

import io.dualmigrate.config.ConnectionSettings;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The writer of {@link BatchJdbcSink}: one transaction per batch, retried on a new connection. */
class BatchJdbcWriter<T> implements SinkWriter<T> {

    private static final Logger LOG = LoggerFactory.getLogger(BatchJdbcWriter.class);
    private static final int MAX_ATTEMPTS = 4;

    private final ConnectionSettings database;
    private final OutputTable<T> table;
    private final int batchSize;
    private final long flushIntervalMs;
    private final ProcessingTimeService time;
    private final String applicationName;
    private final List<T> buffer = new ArrayList<>();

    private Connection connection;
    private PreparedStatement insert;
    private boolean timerPending;

    BatchJdbcWriter(
            ConnectionSettings database,
            OutputTable<T> table,
            int batchSize,
            long flushIntervalMs,
            ProcessingTimeService time,
            int subtask)
            throws IOException {
        this.database = database;
        this.table = table;
        this.batchSize = batchSize;
        this.flushIntervalMs = flushIntervalMs;
        this.time = time;
        this.applicationName = "dualmigrate-shadow-output-" + subtask;
        try {
            connect();
        } catch (SQLException e) {
            throw new IOException(
                    "Cannot connect to the output database "
                            + database
                            + " (SQL state "
                            + e.getSQLState()
                            + ")",
                    e);
        }
    }

    private void connect() throws SQLException {
        connection = database.connect(applicationName);
        connection.setAutoCommit(false);
        insert = connection.prepareStatement(table.insertSql());
    }

    @Override
    public void write(T row, Context context) throws IOException, InterruptedException {
        buffer.add(row);
        if (buffer.size() >= batchSize) {
            flushBuffer();
        } else if (!timerPending) {
            timerPending = true;
            time.registerTimer(
                    time.getCurrentProcessingTime() + flushIntervalMs,
                    now -> {
                        timerPending = false;
                        flushBuffer();
                    });
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        flushBuffer();
    }

    private void flushBuffer() throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                if (connection == null) {
                    connect();
                }
                for (T row : buffer) {
                    table.bind(insert, row);
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
                buffer.clear();
                return;
            } catch (SQLException e) {
                closeQuietly();
                if (attempt >= MAX_ATTEMPTS) {
                    throw new IOException(
                            "Writing "
                                    + buffer.size()
                                    + " rows to the output table failed "
                                    + attempt
                                    + " times (SQL state "
                                    + e.getSQLState()
                                    + ")",
                            e);
                }
                LOG.warn(
                        "Writing the output table failed (SQL state {}); retry {} of {}",
                        e.getSQLState(),
                        attempt,
                        MAX_ATTEMPTS - 1);
                Thread.sleep(200L << attempt);
            }
        }
    }

    private void closeQuietly() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            LOG.debug("Closing the output connection failed", e);
        }
        connection = null;
        insert = null;
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
