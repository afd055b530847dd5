package io.dualmigrate.demo;

import io.dualmigrate.demo.ShopSchema.MappedTable;
import io.dualmigrate.testkit.Convergence;
import io.dualmigrate.testkit.Convergence.Summary;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares each table of OLD with the live rows of its copy in NEW: row count and an
 * order-independent checksum of the mapped columns.
 */
final class ConvergenceCheck {

    /** The outcome for one table. */
    record TableResult(String table, Summary old, Summary neu) {
        boolean converged() {
            return old.equals(neu);
        }
    }

    private final Connection old;
    private final Connection neu;
    private final List<MappedTable> tables;

    ConvergenceCheck(Connection old, Connection neu, List<MappedTable> tables) {
        this.old = old;
        this.neu = neu;
        this.tables = tables;
    }

    List<TableResult> compare() throws SQLException {
        List<TableResult> out = new ArrayList<>();
        for (MappedTable t : tables) {
            out.add(
                    new TableResult(
                            t.name(),
                            Convergence.summarize(old, t.name(), t.oldColumns(), null),
                            Convergence.summarize(neu, t.name(), t.newColumns(), ShopSchema.LIVE)));
        }
        return out;
    }

    /** Compares until every table converged or {@code timeout} passed; returns the last try. */
    List<TableResult> awaitConverged(Duration timeout) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<TableResult> results = compare();
            if (allConverged(results) || System.nanoTime() > deadline) {
                return results;
            }
            Thread.sleep(250);
        }
    }

    static boolean allConverged(List<TableResult> results) {
        return results.stream().allMatch(TableResult::converged);
    }

    static void print(List<TableResult> results, PrintStream out) {
        out.println(
                "Convergence check (OLD rows vs NEW live rows, checksum of the mapped columns):");
        out.printf(
                "  %-12s %10s %10s   %-12s %-12s  %s%n",
                "table", "OLD", "NEW", "OLD md5", "NEW md5", "result");
        for (TableResult r : results) {
            out.printf(
                    "  %-12s %,10d %,10d   %-12s %-12s  %s%n",
                    r.table(),
                    r.old().rows,
                    r.neu().rows,
                    shortSum(r.old()),
                    shortSum(r.neu()),
                    r.converged() ? "OK" : "DIFF");
        }
    }

    private static String shortSum(Summary s) {
        return s.checksum.substring(0, Math.min(12, s.checksum.length()));
    }
}
