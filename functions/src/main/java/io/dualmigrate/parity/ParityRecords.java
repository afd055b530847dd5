package io.dualmigrate.parity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dualmigrate.config.TableId;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run record and drift record tables in NEW: created if absent, written idempotently (a
 * restarted task writes the same rows again without duplicates).
 */
public final class ParityRecords implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TableId runTable;
    private final TableId driftTable;

    public ParityRecords(TableId runTable, TableId driftTable) {
        this.runTable = runTable;
        this.driftTable = driftTable;
    }

    public TableId runTable() {
        return runTable;
    }

    public void create(Connection neu) throws SQLException {
        try (Statement st = neu.createStatement()) {
            st.execute(
                    "CREATE TABLE IF NOT EXISTS "
                            + runTable.quoted()
                            + " (run_id text NOT NULL, migration text NOT NULL,"
                            + " source_table text NOT NULL, target_table text NOT NULL,"
                            + " started_at timestamptz NOT NULL, finished_at timestamptz NOT NULL,"
                            + " method text NOT NULL, repair boolean NOT NULL,"
                            + " rows_old bigint NOT NULL, rows_new bigint NOT NULL,"
                            + " rows_compared bigint NOT NULL, ranges bigint NOT NULL,"
                            + " ranges_differing bigint NOT NULL, missing_in_new bigint NOT NULL,"
                            + " unexpected_in_new bigint NOT NULL, stale_in_new bigint NOT NULL,"
                            + " value_mismatch bigint NOT NULL, transient bigint NOT NULL,"
                            + " repaired bigint NOT NULL, parity_percent numeric(7,3) NOT NULL,"
                            + " PRIMARY KEY (run_id, source_table))");
            st.execute(
                    "CREATE TABLE IF NOT EXISTS "
                            + driftTable.quoted()
                            + " (id bigserial PRIMARY KEY, run_id text NOT NULL,"
                            + " source_table text NOT NULL, target_table text NOT NULL,"
                            + " primary_key jsonb NOT NULL, kind text NOT NULL, fields text[],"
                            + " old_row jsonb, new_row jsonb, old_version bigint,"
                            + " new_version bigint, repaired boolean NOT NULL,"
                            + " found_at timestamptz NOT NULL DEFAULT now(),"
                            + " UNIQUE (run_id, source_table, primary_key))");
        }
    }

    /** One confirmed difference. */
    public void insertDrift(
            Connection neu,
            String runId,
            ParityTable table,
            String[] key,
            Verdict verdict,
            RowImage old,
            RowImage neuRow,
            boolean repaired)
            throws SQLException {
        try (PreparedStatement ps =
                neu.prepareStatement(
                        "INSERT INTO "
                                + driftTable.quoted()
                                + " (run_id, source_table, target_table, primary_key, kind,"
                                + " fields, old_row, new_row, old_version, new_version, repaired)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT (run_id, source_table, primary_key) DO NOTHING")) {
            ps.setString(1, runId);
            ps.setString(2, table.name());
            ps.setString(3, table.target.target.toString());
            ps.setString(4, json(key));
            ps.setString(5, verdict.kind().name());
            ps.setArray(6, neu.createArrayOf("text", verdict.fields().toArray()));
            ps.setString(7, old == null ? null : json(rowObject(table, old)));
            ps.setString(8, neuRow == null ? null : json(rowObject(table, neuRow)));
            ps.setObject(9, old == null ? null : old.version);
            ps.setObject(10, neuRow == null ? null : neuRow.version);
            ps.setBoolean(11, repaired);
            ps.executeUpdate();
        }
    }

    /** The run record of one table. */
    public void upsertRun(
            Connection neu,
            String runId,
            String migration,
            ParityTable table,
            Tally t,
            long startedAtMillis,
            boolean repair)
            throws SQLException {
        try (PreparedStatement ps =
                neu.prepareStatement(
                        "INSERT INTO "
                                + runTable.quoted()
                                + " (run_id, migration, source_table, target_table, started_at,"
                                + " finished_at, method, repair, rows_old, rows_new,"
                                + " rows_compared, ranges, ranges_differing, missing_in_new,"
                                + " unexpected_in_new, stale_in_new, value_mismatch, transient,"
                                + " repaired, parity_percent) VALUES (?, ?, ?, ?, ?, now(), ?, ?,"
                                + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT (run_id, source_table) DO NOTHING")) {
            int p = 1;
            ps.setString(p++, runId);
            ps.setString(p++, migration);
            ps.setString(p++, table.name());
            ps.setString(p++, table.target.target.toString());
            ps.setTimestamp(p++, new Timestamp(startedAtMillis));
            ps.setString(p++, table.method.name());
            ps.setBoolean(p++, repair);
            for (long value :
                    List.of(
                            t.rowsOld,
                            t.rowsNew,
                            t.rowsCompared,
                            t.ranges,
                            t.rangesDiffering,
                            t.missingInNew,
                            t.unexpectedInNew,
                            t.staleInNew,
                            t.valueMismatch,
                            t.transients,
                            t.repaired)) {
                ps.setLong(p++, value);
            }
            ps.setBigDecimal(
                    p,
                    java.math.BigDecimal.valueOf(t.parityPercent())
                            .setScale(3, java.math.RoundingMode.DOWN));
            ps.executeUpdate();
        }
    }

    private static Map<String, String> rowObject(ParityTable table, RowImage row) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < table.columnNames.size(); i++) {
            out.put(table.columnNames.get(i), row.values[i]);
        }
        return out;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
