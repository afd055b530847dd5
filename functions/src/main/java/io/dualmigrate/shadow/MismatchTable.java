package io.dualmigrate.shadow;

import io.dualmigrate.config.TableId;
import io.dualmigrate.sink.OutputTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;

/**
 * The mismatch table: one row per request that is not {@code MATCH}, keyed by migration and request
 * id; a replayed outcome overwrites its row.
 */
public class MismatchTable implements OutputTable<ShadowOutcome> {

    private static final long serialVersionUID = 1L;

    private final TableId table;
    private final String migration;

    public MismatchTable(TableId table, String migration) {
        this.table = table;
        this.migration = migration;
    }

    @Override
    public void create(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(
                    "CREATE TABLE IF NOT EXISTS "
                            + table.quoted()
                            + " (migration text NOT NULL, request_id text NOT NULL,"
                            + " entity text NOT NULL, key jsonb NOT NULL, category text NOT NULL,"
                            + " initial_category text NOT NULL, confirmation text NOT NULL,"
                            + " differences jsonb NOT NULL, old_version bigint, new_version bigint,"
                            + " old_error text, new_error text, event_time timestamptz NOT NULL,"
                            + " detected_at timestamptz NOT NULL, old_sample text, new_sample text,"
                            + " PRIMARY KEY (migration, request_id))");
        }
    }

    @Override
    public String insertSql() {
        return "INSERT INTO "
                + table.quoted()
                + " (migration, request_id, entity, key, category, initial_category,"
                + " confirmation, differences, old_version, new_version, old_error, new_error,"
                + " event_time, detected_at, old_sample, new_sample)"
                + " VALUES (?, ?, ?, CAST(? AS jsonb), ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?,"
                + " ?, ?, ?)"
                + " ON CONFLICT (migration, request_id) DO UPDATE SET entity = EXCLUDED.entity,"
                + " key = EXCLUDED.key, category = EXCLUDED.category,"
                + " initial_category = EXCLUDED.initial_category,"
                + " confirmation = EXCLUDED.confirmation, differences = EXCLUDED.differences,"
                + " old_version = EXCLUDED.old_version, new_version = EXCLUDED.new_version,"
                + " old_error = EXCLUDED.old_error, new_error = EXCLUDED.new_error,"
                + " event_time = EXCLUDED.event_time, detected_at = EXCLUDED.detected_at,"
                + " old_sample = EXCLUDED.old_sample, new_sample = EXCLUDED.new_sample";
    }

    @Override
    public void bind(PreparedStatement ps, ShadowOutcome o) throws SQLException {
        ps.setString(1, migration);
        ps.setString(2, o.requestId);
        ps.setString(3, o.entity);
        ps.setString(4, o.key);
        ps.setString(5, o.category.name());
        ps.setString(6, o.initialCategory.name());
        ps.setString(7, o.confirmation.name());
        ps.setString(8, OutcomeJson.differences(o.differences).toString());
        setLong(ps, 9, o.oldVersion);
        setLong(ps, 10, o.newVersion);
        ps.setString(11, o.oldError);
        ps.setString(12, o.newError);
        ps.setTimestamp(13, new Timestamp(o.eventTime));
        ps.setTimestamp(14, new Timestamp(o.detectedAt));
        ps.setString(15, o.oldSample);
        ps.setString(16, o.newSample);
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }
}
