package io.dualmigrate.parity;

import io.dualmigrate.sink.TargetTable;
import java.io.Serializable;
import java.util.List;

/**
 * One table as the parity job compares it: the statements for each side, the compared columns, the
 * casts OLD's values go through before a row comparison, and the method.
 */
public final class ParityTable implements Serializable {

    private static final long serialVersionUID = 1L;

    public final TargetTable target;
    public final SideSql old;
    public final SideSql neu;

    /** NEW's names of the compared columns, keys first (the run and drift records use them). */
    public final List<String> columnNames;

    /** Per compared column: the declared cast's NEW type, or null. */
    public final List<String> casts;

    public final ParityMethod method;

    /** Whether OLD's rows carry the version the replication writes (version-column mode). */
    public final boolean versioned;

    public ParityTable(
            TargetTable target,
            SideSql old,
            SideSql neu,
            List<String> columnNames,
            List<String> casts,
            boolean versioned) {
        this.target = target;
        this.old = old;
        this.neu = neu;
        this.columnNames = List.copyOf(columnNames);
        this.casts = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(casts));
        this.method =
                casts.stream().anyMatch(c -> c != null) ? ParityMethod.ROWS : ParityMethod.CHECKSUM;
        this.versioned = versioned;
    }

    public String name() {
        return target.sourceTable;
    }

    public DriftClassifier classifier() {
        return new DriftClassifier(columnNames, versioned);
    }
}
