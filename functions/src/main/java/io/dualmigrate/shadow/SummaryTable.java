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
 * The per-minute summary table: one row per minute, entity and category, with the entity's totals
 * for the minute; a replayed minute overwrites its rows with the same counts.
 */
public class SummaryTable implements OutputTable<SummaryRow> {

    private static final long serialVersionUID = 1L;

    private final TableId table;
    private final String migration;

    public SummaryTable(TableId table, String migration) {
        this.table = table;
        this.migration = migration;
    }

    @Override
    public void create(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(
                    "CREATE TABLE IF NOT EXISTS "
                            + table.quoted()
                            + " (migration text NOT NULL, window_start timestamptz NOT NULL,"
                            + " window_end timestamptz NOT NULL, entity text NOT NULL,"
                            + " category text NOT NULL, count bigint NOT NULL,"
                            + " pairs bigint NOT NULL, matches bigint NOT NULL,"
                            + " mismatches bigint NOT NULL, replication_lag bigint NOT NULL,"
                            + " match_rate double precision,"
                            + " PRIMARY KEY (migration, window_start, entity, category))");
        }
    }

    @Override
    public String insertSql() {
        return "INSERT INTO "
                + table.quoted()
                + " (migration, window_start, window_end, entity, category, count, pairs,"
                + " matches, mismatches, replication_lag, match_rate)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (migration, window_start, entity, category) DO UPDATE SET"
                + " count = EXCLUDED.count, pairs = EXCLUDED.pairs, matches = EXCLUDED.matches,"
                + " mismatches = EXCLUDED.mismatches, replication_lag = EXCLUDED.replication_lag,"
                + " match_rate = EXCLUDED.match_rate";
    }

    @Override
    public void bind(PreparedStatement ps, SummaryRow row) throws SQLException {
        ps.setString(1, migration);
        ps.setTimestamp(2, new Timestamp(row.windowStart));
        ps.setTimestamp(3, new Timestamp(row.windowStart + MinuteSummaryFunction.MINUTE));
        ps.setString(4, row.entity);
        ps.setString(5, row.category.name());
        ps.setLong(6, row.count);
        ps.setLong(7, row.pairs);
        ps.setLong(8, row.matches);
        ps.setLong(9, row.mismatches);
        ps.setLong(10, row.replicationLag);
        if (row.matchRate == null) {
            ps.setNull(11, Types.DOUBLE);
        } else {
            ps.setDouble(11, row.matchRate);
        }
    }
}
