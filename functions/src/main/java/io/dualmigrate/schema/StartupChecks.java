package io.dualmigrate.schema;

import io.dualmigrate.config.ConfigException;
import io.dualmigrate.config.MigrationConfig;
import io.dualmigrate.config.TableMapping;
import io.dualmigrate.config.VersionSource;
import io.dualmigrate.sink.DeadLetterTable;
import io.dualmigrate.sink.TargetColumn;
import io.dualmigrate.sink.TargetTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a migration against both databases before the job starts, and resolves each table's
 * mapping into the {@link TargetTable} the sink writes.
 *
 * <p>Each failure is a {@link ConfigException} that names the table and column, what is wrong, and
 * the statement or setting that fixes it. The checks: OLD has {@code wal_level=logical}; every
 * table exists on both sides with a primary key in OLD and a matching unique key in NEW; NEW has
 * the version and deleted columns; every named column exists; a type change is declared as a cast;
 * NEW has no NOT NULL column the mapping leaves empty; tables whose change stream would omit values
 * (TOASTed columns, and deletes in version-column mode) have REPLICA IDENTITY FULL.
 */
public final class StartupChecks {

    private static final Logger LOG = LoggerFactory.getLogger(StartupChecks.class);
    private static final Set<String> INTEGER_TYPES = Set.of("smallint", "integer", "bigint");

    private final MigrationConfig config;

    public StartupChecks(MigrationConfig config) {
        this.config = config;
    }

    /** Runs every check and returns the resolved tables; creates the dead-letter table. */
    public List<TargetTable> run() {
        try (Connection old = config.source.connect("dualmigrate-" + config.name + "-checks");
                Connection neu = config.target.connect("dualmigrate-" + config.name + "-checks")) {
            PgCatalog oldCatalog = new PgCatalog(old);
            PgCatalog newCatalog = new PgCatalog(neu);
            String walLevel = oldCatalog.setting("wal_level");
            if (!walLevel.equals("logical")) {
                throw new ConfigException(
                        "source: OLD runs with wal_level="
                                + walLevel
                                + "; logical decoding needs wal_level=logical. Set it in"
                                + " postgresql.conf and restart OLD.");
            }
            analyze(old);
            List<TargetTable> out = resolveTables(oldCatalog, newCatalog);
            for (TargetTable table : out) {
                LOG.info(
                        "{} -> {}: {} columns, ~{} rows to snapshot",
                        table.sourceTable,
                        table.target,
                        table.columns.size(),
                        table.estimatedRows);
            }
            new Publication(config.slotName, config.tables).ensure(old);
            new DeadLetterTable(config.deadLetterTable).create(neu);
            return out;
        } catch (SQLException e) {
            throw new ConfigException(
                    "Cannot check the migration against the databases: " + e.getMessage(), e);
        }
    }

    /**
     * Checks every table's mapping against both databases and resolves it, without the
     * replication-only steps of {@link #run()} (WAL level, publication, dead-letter table): what a
     * job that only reads the two sides (the parity job) needs.
     */
    public List<TargetTable> tables(Connection old, Connection neu) {
        try {
            return resolveTables(new PgCatalog(old), new PgCatalog(neu));
        } catch (SQLException e) {
            throw new ConfigException(
                    "Cannot check the migration against the databases: " + e.getMessage(), e);
        }
    }

    private List<TargetTable> resolveTables(PgCatalog oldCatalog, PgCatalog newCatalog)
            throws SQLException {
        List<TargetTable> out = new ArrayList<>();
        for (TableMapping mapping : config.tables) {
            out.add(check(mapping, oldCatalog, newCatalog));
        }
        return out;
    }

    private TargetTable check(TableMapping m, PgCatalog oldCatalog, PgCatalog newCatalog)
            throws SQLException {
        String where = "tables[" + m.source() + "]";
        if (!oldCatalog.exists(m.source())) {
            throw new ConfigException(where + ": table " + m.source() + " does not exist in OLD");
        }
        if (!newCatalog.exists(m.target())) {
            throw new ConfigException(
                    where + ".target: table " + m.target() + " does not exist in NEW; create it");
        }
        char relkind = oldCatalog.relkind(m.source());
        if (relkind != 'r') {
            throw new ConfigException(
                    where
                            + ": "
                            + m.source()
                            + (relkind == 'p' ? " is a partitioned table" : " is not a plain table")
                            + " in OLD; its changes are published under its partitions' names."
                            + " List each partition as a table of its own");
        }
        if (oldCatalog.hasChildren(m.source())) {
            throw new ConfigException(
                    where
                            + ": other tables inherit from "
                            + m.source()
                            + " in OLD, and their rows would not be replicated; list each child"
                            + " table as a table of its own");
        }
        Map<String, PgCatalog.Column> oldColumns = oldCatalog.columns(m.source());
        Map<String, PgCatalog.Column> newColumns = newCatalog.columns(m.target());
        List<String> oldKey = oldCatalog.primaryKey(m.source());
        if (oldKey.isEmpty()) {
            throw new ConfigException(
                    where + ": OLD table " + m.source() + " has no primary key; add one");
        }
        checkNamedColumns(where, m, oldColumns, newColumns);
        checkBookkeepingColumns(where, m, newColumns);

        List<TargetColumn> keys = new ArrayList<>();
        List<TargetColumn> rest = new ArrayList<>();
        Set<String> written = new HashSet<>();
        for (PgCatalog.Column source : oldColumns.values()) {
            String targetName = m.targetColumn(source.name);
            if (targetName == null) {
                if (oldKey.contains(source.name)) {
                    throw new ConfigException(
                            where
                                    + ".drop: primary-key column "
                                    + source.name
                                    + " cannot be dropped");
                }
                continue;
            }
            PgCatalog.Column target = newColumns.get(targetName);
            if (target == null) {
                throw new ConfigException(
                        where
                                + ": OLD column "
                                + source.name
                                + " has no column "
                                + targetName
                                + " in NEW "
                                + m.target()
                                + "; add it to NEW, rename it (rename: {"
                                + source.name
                                + ": other}) or drop it (drop: ["
                                + source.name
                                + "])");
            }
            checkType(where, m, source, target, newCatalog);
            TargetColumn column = TargetColumn.fromSource(targetName, source.name);
            (oldKey.contains(source.name) ? keys : rest).add(column);
            written.add(targetName);
        }
        keys.sort((a, b) -> oldKey.indexOf(a.sourceColumn) - oldKey.indexOf(b.sourceColumn));
        for (Map.Entry<String, String> added : m.added().entrySet()) {
            rest.add(TargetColumn.constant(added.getKey(), added.getValue()));
            written.add(added.getKey());
        }
        for (String bookkeeping : List.of(config.versionColumn, config.deletedColumn)) {
            if (written.contains(bookkeeping)) {
                throw new ConfigException(
                        where
                                + ": the mapping writes NEW column "
                                + bookkeeping
                                + ", which target.version-column / target.deleted-column reserve for"
                                + " the job; rename or drop the OLD column, or choose other names"
                                + " for the bookkeeping columns");
            }
        }
        checkUniqueKey(where, m, keys, newCatalog);
        boolean tombstoneInsert = true;
        for (PgCatalog.Column column : newColumns.values()) {
            boolean bookkeeping =
                    column.name.equals(config.versionColumn)
                            || column.name.equals(config.deletedColumn);
            if (!column.notNull || column.hasDefault || bookkeeping) {
                continue;
            }
            if (!written.contains(column.name)) {
                throw new ConfigException(
                        where
                                + ": NEW column "
                                + m.target()
                                + "."
                                + column.name
                                + " is NOT NULL without a default and nothing maps to it; map a"
                                + " column to it, add a constant (add: {"
                                + column.name
                                + ": ...}) or give it a default");
            }
            if (keys.stream().noneMatch(k -> k.name.equals(column.name))) {
                tombstoneInsert = false;
            }
        }
        checkReplicaIdentity(where, m, oldColumns, oldCatalog);
        List<TargetColumn> columns = new ArrayList<>(keys);
        columns.addAll(rest);
        if (!tombstoneInsert) {
            LOG.info(
                    "{}: NEW has NOT NULL columns without defaults, so deletes of rows NEW never"
                            + " held are remembered in the job's state only",
                    m.target());
        }
        return new TargetTable(
                m.source().toString(),
                m.target(),
                columns,
                keys.size(),
                config.versionColumn,
                config.deletedColumn,
                tombstoneInsert,
                oldCatalog.estimatedRows(m.source()));
    }

    private void checkNamedColumns(
            String where,
            TableMapping m,
            Map<String, PgCatalog.Column> oldColumns,
            Map<String, PgCatalog.Column> newColumns) {
        for (String name : m.renames().keySet()) {
            requireColumn(where + ".rename", name, oldColumns, "OLD " + m.source());
        }
        for (String name : m.dropped()) {
            requireColumn(where + ".drop", name, oldColumns, "OLD " + m.source());
        }
        for (String name : m.casts().keySet()) {
            requireColumn(where + ".cast", name, oldColumns, "OLD " + m.source());
        }
        for (String name : m.added().keySet()) {
            requireColumn(where + ".add", name, newColumns, "NEW " + m.target());
        }
        if (m.versionColumn() != null) {
            PgCatalog.Column version =
                    requireColumn(
                            where + ".version-column",
                            m.versionColumn(),
                            oldColumns,
                            "OLD " + m.source());
            if (!INTEGER_TYPES.contains(version.type)) {
                throw new ConfigException(
                        where
                                + ".version-column: "
                                + version.name
                                + " is "
                                + version.type
                                + "; a version column must be smallint, integer or bigint");
            }
        }
    }

    private static PgCatalog.Column requireColumn(
            String key, String name, Map<String, PgCatalog.Column> columns, String table) {
        PgCatalog.Column column = columns.get(name);
        if (column == null) {
            throw new ConfigException(
                    key
                            + ": column "
                            + name
                            + " does not exist in "
                            + table
                            + " (columns: "
                            + String.join(", ", columns.keySet())
                            + ")");
        }
        return column;
    }

    private void checkBookkeepingColumns(
            String where, TableMapping m, Map<String, PgCatalog.Column> newColumns) {
        String fix =
                "; run ALTER TABLE "
                        + m.target()
                        + " ADD COLUMN "
                        + config.versionColumn
                        + " bigint, ADD COLUMN "
                        + config.deletedColumn
                        + " boolean NOT NULL DEFAULT false";
        PgCatalog.Column version = newColumns.get(config.versionColumn);
        if (version == null || !version.type.equals("bigint")) {
            throw new ConfigException(
                    where
                            + ": NEW table "
                            + m.target()
                            + " needs a bigint version column '"
                            + config.versionColumn
                            + "' (target.version-column)"
                            + fix);
        }
        PgCatalog.Column deleted = newColumns.get(config.deletedColumn);
        if (deleted == null || !deleted.type.equals("boolean")) {
            throw new ConfigException(
                    where
                            + ": NEW table "
                            + m.target()
                            + " needs a boolean deleted column '"
                            + config.deletedColumn
                            + "' (target.deleted-column)"
                            + fix);
        }
    }

    private static void checkType(
            String where,
            TableMapping m,
            PgCatalog.Column source,
            PgCatalog.Column target,
            PgCatalog newCatalog)
            throws SQLException {
        String declared = m.casts().get(source.name);
        if (source.type.equals(target.type) && declared == null) {
            return;
        }
        if (declared == null) {
            throw new ConfigException(
                    where
                            + ": column "
                            + source.name
                            + " is "
                            + source.type
                            + " in OLD but "
                            + target.type
                            + " in NEW; accept the change with cast: {"
                            + source.name
                            + ": "
                            + target.type
                            + "}");
        }
        if (!declared.equalsIgnoreCase(target.type)) {
            throw new ConfigException(
                    where
                            + ".cast."
                            + source.name
                            + ": declares "
                            + declared
                            + " but the NEW column is "
                            + target.type);
        }
        boolean toText = target.type.equals("text") || target.type.startsWith("character");
        if (!toText && !newCatalog.castable(source.type, target.type)) {
            throw new ConfigException(
                    where
                            + ".cast."
                            + source.name
                            + ": PostgreSQL has no cast from "
                            + source.type
                            + " to "
                            + target.type);
        }
    }

    private static void checkUniqueKey(
            String where, TableMapping m, List<TargetColumn> keys, PgCatalog newCatalog)
            throws SQLException {
        Set<String> wanted = new HashSet<>();
        keys.forEach(k -> wanted.add(k.name));
        for (List<String> unique : newCatalog.uniqueKeys(m.target())) {
            if (new HashSet<>(unique).equals(wanted)) {
                return;
            }
        }
        throw new ConfigException(
                where
                        + ": NEW table "
                        + m.target()
                        + " has no primary key or unique index on "
                        + wanted
                        + "; the version-guarded upsert needs one (ALTER TABLE "
                        + m.target()
                        + " ADD PRIMARY KEY (...))");
    }

    private void checkReplicaIdentity(
            String where,
            TableMapping m,
            Map<String, PgCatalog.Column> oldColumns,
            PgCatalog oldCatalog)
            throws SQLException {
        char identity = oldCatalog.replicaIdentity(m.source());
        if (identity == 'f') {
            return;
        }
        String fix = "; run ALTER TABLE " + m.source() + " REPLICA IDENTITY FULL in OLD";
        if (identity != 'd') {
            throw new ConfigException(
                    where
                            + ": OLD table has REPLICA IDENTITY "
                            + (identity == 'n' ? "NOTHING" : "USING INDEX")
                            + ", so its deletes would not carry the primary key"
                            + fix);
        }
        if (config.versionSource == VersionSource.COLUMN) {
            throw new ConfigException(
                    where
                            + ": in version-column mode a delete must carry the deleted row's"
                            + " version, which needs REPLICA IDENTITY FULL"
                            + fix);
        }
        List<String> toastable = new ArrayList<>();
        for (PgCatalog.Column column : oldColumns.values()) {
            if (column.toastable && m.targetColumn(column.name) != null) {
                toastable.add(column.name);
            }
        }
        if (!toastable.isEmpty()) {
            throw new ConfigException(
                    where
                            + ": OLD columns "
                            + toastable
                            + " can be TOASTed, and without REPLICA IDENTITY FULL an update that"
                            + " leaves them unchanged omits their value"
                            + fix);
        }
    }

    private void analyze(Connection old) throws SQLException {
        for (TableMapping m : config.tables) {
            if (!new PgCatalog(old).exists(m.source())) {
                continue;
            }
            try (Statement st = old.createStatement()) {
                st.execute("ANALYZE " + m.source().quoted());
            } catch (SQLException e) {
                LOG.warn(
                        "Could not ANALYZE {} ({}); snapshot chunks may be uneven",
                        m.source(),
                        e.getMessage());
            }
        }
    }
}
