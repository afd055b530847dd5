package io.dualmigrate.parity;

import io.dualmigrate.config.ConnectionSettings;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A finished run as its run record in NEW holds it: what the job prints, and what decides the exit
 * status (confirmed drift means non-zero).
 */
public record ParityReport(String runId, List<Row> tables) {

    /** One table's line of the run record. */
    public record Row(
            String sourceTable,
            String targetTable,
            String method,
            long rowsOld,
            long rowsNew,
            long rowsCompared,
            long ranges,
            long rangesDiffering,
            long missingInNew,
            long unexpectedInNew,
            long staleInNew,
            long valueMismatch,
            long transients,
            long repaired,
            double parityPercent,
            double seconds) {

        public long drift() {
            return missingInNew + unexpectedInNew + staleInNew + valueMismatch;
        }
    }

    /** Exit status of a run: 0 parity, 3 confirmed drift (1 and 2 are failures and usage). */
    public static final int EXIT_DRIFT = 3;

    public long drift() {
        return tables.stream().mapToLong(Row::drift).sum();
    }

    public int exitCode() {
        return drift() > 0 ? EXIT_DRIFT : 0;
    }

    public static ParityReport read(ConnectionSettings target, ParityRecords records, String runId)
            throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection neu = target.connect("dualmigrate-parity-report");
                PreparedStatement ps =
                        neu.prepareStatement(
                                "SELECT source_table, target_table, method, rows_old, rows_new,"
                                        + " rows_compared, ranges, ranges_differing,"
                                        + " missing_in_new, unexpected_in_new, stale_in_new,"
                                        + " value_mismatch, transient, repaired, parity_percent,"
                                        + " extract(epoch FROM finished_at - started_at) FROM "
                                        + records.runTable().quoted()
                                        + " WHERE run_id = ? ORDER BY source_table")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(
                            new Row(
                                    rs.getString(1),
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getLong(4),
                                    rs.getLong(5),
                                    rs.getLong(6),
                                    rs.getLong(7),
                                    rs.getLong(8),
                                    rs.getLong(9),
                                    rs.getLong(10),
                                    rs.getLong(11),
                                    rs.getLong(12),
                                    rs.getLong(13),
                                    rs.getLong(14),
                                    rs.getDouble(15),
                                    rs.getDouble(16)));
                }
            }
        }
        if (rows.isEmpty()) {
            throw new SQLException(
                    "No run record for parity run " + runId + " in " + records.runTable());
        }
        return new ParityReport(runId, rows);
    }

    public Row table(String sourceTable) {
        return tables.stream()
                .filter(r -> r.sourceTable.equals(sourceTable))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no table " + sourceTable));
    }

    public void print(PrintStream out) {
        out.println("Parity run " + runId + " (OLD rows vs NEW live rows, through the mapping):");
        out.printf(
                Locale.ROOT,
                "  %-24s %-8s %11s %11s %8s %8s %8s %8s %9s %8s %9s%n",
                "table",
                "method",
                "OLD rows",
                "NEW rows",
                "missing",
                "unexpect",
                "stale",
                "values",
                "transient",
                "repaired",
                "parity");
        for (Row r : tables) {
            out.printf(
                    Locale.ROOT,
                    "  %-24s %-8s %,11d %,11d %,8d %,8d %,8d %,8d %,9d %,8d %8.3f %%%n",
                    r.sourceTable,
                    r.method,
                    r.rowsOld,
                    r.rowsNew,
                    r.missingInNew,
                    r.unexpectedInNew,
                    r.staleInNew,
                    r.valueMismatch,
                    r.transients,
                    r.repaired,
                    r.parityPercent);
        }
        out.println(
                drift() == 0
                        ? "Parity: no confirmed drift."
                        : "Confirmed drift: "
                                + drift()
                                + " row(s); see the drift table for each key.");
    }
}
