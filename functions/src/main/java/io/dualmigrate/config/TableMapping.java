package io.dualmigrate.config;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * How one OLD table maps onto one NEW table, as the migration file declares it.
 *
 * <p>Columns not named here keep their name. Renames map an OLD column to its NEW name; dropped
 * columns are not written; added columns get a constant (a PostgreSQL literal, cast to the NEW
 * column's type); casts accept a type change of a column and name the NEW type.
 */
public final class TableMapping implements Serializable {

    private static final long serialVersionUID = 1L;

    private final TableId source;
    private final TableId target;
    private final Map<String, String> renames;
    private final Set<String> dropped;
    private final Map<String, String> added;
    private final Map<String, String> casts;
    private final String versionColumn;

    public TableMapping(
            TableId source,
            TableId target,
            Map<String, String> renames,
            Set<String> dropped,
            Map<String, String> added,
            Map<String, String> casts,
            String versionColumn) {
        this.source = source;
        this.target = target;
        this.renames = Collections.unmodifiableMap(new LinkedHashMap<>(renames));
        this.dropped = Collections.unmodifiableSet(new LinkedHashSet<>(dropped));
        this.added = Collections.unmodifiableMap(new LinkedHashMap<>(added));
        this.casts = Collections.unmodifiableMap(new LinkedHashMap<>(casts));
        this.versionColumn = versionColumn;
    }

    public TableId source() {
        return source;
    }

    public TableId target() {
        return target;
    }

    public Map<String, String> renames() {
        return renames;
    }

    public Set<String> dropped() {
        return dropped;
    }

    public Map<String, String> added() {
        return added;
    }

    public Map<String, String> casts() {
        return casts;
    }

    /** Source column with the application's version, or null in LSN mode. */
    public String versionColumn() {
        return versionColumn;
    }

    /** NEW name of an OLD column, or null when the column is dropped. */
    public String targetColumn(String sourceColumn) {
        if (dropped.contains(sourceColumn)) {
            return null;
        }
        return renames.getOrDefault(sourceColumn, sourceColumn);
    }
}
