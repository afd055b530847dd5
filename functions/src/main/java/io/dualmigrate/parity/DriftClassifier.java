package io.dualmigrate.parity;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Classifies one key from its row in OLD and its row in NEW (either may be absent).
 *
 * <p>Versions only take part in version-column mode, where OLD's rows carry the version the
 * replication writes into NEW: NEW newer than OLD's row at read time is a write in flight ({@link
 * DriftKind#AHEAD_IN_NEW}, not drift), NEW older with other values is {@link
 * DriftKind#STALE_IN_NEW}. In LSN mode OLD has no version (the WAL position of a row's last change
 * is not readable from the row), so differing values are {@link DriftKind#VALUE_MISMATCH} and only
 * a re-check after a delay tells a write in flight from drift. A tombstone in NEW counts as absent,
 * except that in version-column mode a tombstone at least as new as OLD's row is a delete in flight
 * (at equal versions a delete wins, as in {@code VersionOrder}).
 */
public final class DriftClassifier {

    private final List<String> columnNames;
    private final boolean versioned;

    /**
     * @param columnNames NEW's names of the compared columns, in {@link RowImage#values} order
     * @param versioned whether OLD's rows carry comparable versions (version-column mode)
     */
    public DriftClassifier(List<String> columnNames, boolean versioned) {
        this.columnNames = List.copyOf(columnNames);
        this.versioned = versioned;
    }

    public Verdict classify(RowImage old, RowImage neu) {
        boolean newLive = neu != null && !neu.deleted;
        if (old == null) {
            return Verdict.of(newLive ? DriftKind.UNEXPECTED_IN_NEW : DriftKind.MATCH);
        }
        if (!newLive) {
            if (neu != null && bothVersioned(old, neu) && neu.version >= old.version) {
                return Verdict.of(DriftKind.AHEAD_IN_NEW);
            }
            return Verdict.of(DriftKind.MISSING_IN_NEW);
        }
        List<String> fields = differingFields(old, neu);
        if (fields.isEmpty()) {
            return Verdict.of(DriftKind.MATCH);
        }
        if (bothVersioned(old, neu)) {
            if (neu.version > old.version) {
                return new Verdict(DriftKind.AHEAD_IN_NEW, fields);
            }
            if (neu.version < old.version) {
                return new Verdict(DriftKind.STALE_IN_NEW, fields);
            }
        }
        return new Verdict(DriftKind.VALUE_MISMATCH, fields);
    }

    private boolean bothVersioned(RowImage old, RowImage neu) {
        return versioned && old.version != null && neu.version != null;
    }

    private List<String> differingFields(RowImage old, RowImage neu) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < columnNames.size(); i++) {
            if (!Objects.equals(old.values[i], neu.values[i])) {
                out.add(columnNames.get(i));
            }
        }
        return out;
    }
}
