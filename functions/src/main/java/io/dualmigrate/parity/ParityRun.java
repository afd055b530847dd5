package io.dualmigrate.parity;

import io.dualmigrate.config.ConnectionSettings;
import io.dualmigrate.config.ParitySettings;
import java.io.Serializable;
import java.util.List;

/** Everything the parity job's operators need for one run, fixed when the run is planned. */
public final class ParityRun implements Serializable {

    private static final long serialVersionUID = 1L;

    public final String runId;
    public final String migration;
    public final long startedAtMillis;
    public final ConnectionSettings source;
    public final ConnectionSettings target;
    public final List<ParityTable> tables;
    public final ParitySettings settings;
    public final ParityRecords records;
    public final int fetchSize;
    public final int totalRanges;
    public final boolean repair;

    public ParityRun(
            String runId,
            String migration,
            long startedAtMillis,
            ConnectionSettings source,
            ConnectionSettings target,
            List<ParityTable> tables,
            ParitySettings settings,
            ParityRecords records,
            int fetchSize,
            int totalRanges,
            boolean repair) {
        this.runId = runId;
        this.migration = migration;
        this.startedAtMillis = startedAtMillis;
        this.source = source;
        this.target = target;
        this.tables = List.copyOf(tables);
        this.settings = settings;
        this.records = records;
        this.fetchSize = fetchSize;
        this.totalRanges = totalRanges;
        this.repair = repair;
    }

    /** The application name of a connection, as OLD's and NEW's pg_stat_activity show it. */
    public String applicationName(String role, int subtask) {
        return "dualmigrate-" + migration + "-parity-" + role + "-" + subtask;
    }
}
