package io.dualmigrate.config;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * The two queries that re-read one entity's key from OLD and NEW to confirm a difference.
 *
 * <p>Each is a SELECT with named parameters ({@code :id}) taken from the read-log event's key; no
 * row means "not found", the first row is the payload, and {@link #versionColumn} (when the result
 * has it) is the version rather than a compared field.
 */
public final class RereadQueries implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A named parameter, {@code :id}; a cast ({@code ::text}) is not one. */
    public static final Pattern PARAMETER = Pattern.compile("(?<!:):([A-Za-z_][A-Za-z0-9_]*)");

    public final String oldQuery;
    public final String newQuery;
    public final String versionColumn;

    public RereadQueries(String oldQuery, String newQuery, String versionColumn) {
        this.oldQuery = oldQuery;
        this.newQuery = newQuery;
        this.versionColumn = versionColumn;
    }
}
