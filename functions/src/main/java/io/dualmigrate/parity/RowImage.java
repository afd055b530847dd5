package io.dualmigrate.parity;

import java.util.Arrays;

/**
 * One row as parity reads it from either side: the canonical text of every mapped column (key
 * columns first, in NEW's column order), the version, and for NEW whether it is a tombstone.
 */
public final class RowImage {

    public final String[] values;
    public final int keyCount;

    /** OLD: the version column's value (version-column mode) or null; NEW: the version column. */
    public final Long version;

    /** NEW only: the row is a tombstone. */
    public final boolean deleted;

    public RowImage(String[] values, int keyCount, Long version, boolean deleted) {
        this.values = values;
        this.keyCount = keyCount;
        this.version = version;
        this.deleted = deleted;
    }

    public String[] key() {
        return Arrays.copyOf(values, keyCount);
    }

    @Override
    public String toString() {
        return Arrays.toString(values) + (deleted ? " deleted" : "") + " v" + version;
    }
}
