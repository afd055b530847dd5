package io.dualmigrate.parity;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds up every {@link Tally} of a run and, once the input has ended, writes the run record: one
 * row per table in {@code parity.run-table}. Runs with parallelism 1. A run that fails writes no
 * run record, so a gate never reads a partial one.
 */
public final class RunRecordSink implements Sink<Tally> {

    private static final long serialVersionUID = 1L;

    private final ParityRun run;

    public RunRecordSink(ParityRun run) {
        this.run = run;
    }

    @Override
    @Deprecated
    public SinkWriter<Tally> createWriter(InitContext context) {
        return new Writer(run, context.metricGroup());
    }

    @Override
    public SinkWriter<Tally> createWriter(WriterInitContext context) {
        return new Writer(run, context.metricGroup());
    }

    private static final class Writer implements SinkWriter<Tally> {

        private static final Logger LOG = LoggerFactory.getLogger(RunRecordSink.class);

        private final ParityRun run;
        private final List<Tally> totals = new ArrayList<>();
        private boolean written;

        /**
         * Registers {@code parityPercent} and {@code driftedRows} per table (group {@code table}, a
         * Prometheus label): of what was compared so far, final when the run ends.
         */
        Writer(ParityRun run, MetricGroup metrics) {
            this.run = run;
            for (int i = 0; i < run.tables.size(); i++) {
                Tally total = new Tally(i);
                totals.add(total);
                MetricGroup table = metrics.addGroup("table", run.tables.get(i).name());
                table.gauge("parityPercent", total::parityPercent);
                table.gauge("driftedRows", total::drift);
            }
        }

        @Override
        public void write(Tally tally, Context context) {
            totals.get(tally.table).add(tally);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (!endOfInput || written) {
                return;
            }
            try (Connection neu =
                    ParitySession.open(run.target, run.applicationName("record", 0))) {
                for (int i = 0; i < totals.size(); i++) {
                    ParityTable table = run.tables.get(i);
                    Tally t = totals.get(i);
                    run.records.upsertRun(
                            neu,
                            run.runId,
                            run.migration,
                            table,
                            t,
                            run.startedAtMillis,
                            run.repair);
                    LOG.info(
                            "parity {}: {} -> {}: {} rows in OLD, {} in NEW, parity {} %, drift"
                                    + " {} (missing {}, unexpected {}, stale {}, values {}),"
                                    + " transient {}, repaired {}",
                            run.runId,
                            table.name(),
                            table.target.target,
                            t.rowsOld,
                            t.rowsNew,
                            String.format(java.util.Locale.ROOT, "%.3f", t.parityPercent()),
                            t.drift(),
                            t.missingInNew,
                            t.unexpectedInNew,
                            t.staleInNew,
                            t.valueMismatch,
                            t.transients,
                            t.repaired);
                }
                written = true;
            } catch (SQLException e) {
                throw new IOException("Cannot write the parity run record into NEW", e);
            }
            lingerForScrapers();
        }

        /** Keeps the final gauges up for parity.metrics-linger: the job ends right after this. */
        private void lingerForScrapers() throws IOException {
            long millis = run.settings.metricsLinger.toMillis();
            if (millis == 0) {
                return;
            }
            LOG.info("parity {}: final metrics stay up for {} ms", run.runId, millis);
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while the final metrics were up", e);
            }
        }

        @Override
        public void close() {}
    }
}
