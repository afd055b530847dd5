package io.dualmigrate.parity;

import static io.dualmigrate.config.Sql.quote;

import io.dualmigrate.config.ConfigException;
import io.dualmigrate.config.MigrationConfig;
import io.dualmigrate.config.TableId;
import io.dualmigrate.config.TableMapping;
import io.dualmigrate.schema.StartupChecks;
import io.dualmigrate.sink.TargetColumn;
import io.dualmigrate.sink.TargetTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares a parity run where the job is submitted: checks the migration against both databases
 * (the replication's own start-up checks), resolves each table's compared columns on both sides,
 * cuts each table into key ranges from a sample of OLD's keys, and creates the record tables in
 * NEW.
 */
public final class ParityPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(ParityPlanner.class);

    /** The tables, their ranges and where the records go. */
    public record Plan(List<ParityTable> tables, List<KeyRange> ranges, ParityRecords records) {}

    private final MigrationConfig config;

    public ParityPlanner(MigrationConfig config) {
        this.config = config;
    }

    public Plan plan() {
        String app = "dualmigrate-" + config.name + "-parity-plan";
        try (Connection old = ParitySession.open(config.source, app);
                Connection neu = ParitySession.open(config.target, app)) {
            List<TargetTable> targets = new StartupChecks(config).tables(old, neu);
            List<ParityTable> tables = new ArrayList<>();
            List<KeyRange> ranges = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                ParityTable table = resolve(config.tables.get(i), targets.get(i), old, neu);
                List<KeyRange> cut = cut(i, table, targets.get(i).estimatedRows, old);
                LOG.info(
                        "parity: {} -> {}: {} compared columns, ~{} rows, {} key ranges, method {}",
                        table.name(),
                        table.target.target,
                        table.columnNames.size(),
                        table.target.estimatedRows,
                        cut.size(),
                        table.method);
                tables.add(table);
                ranges.addAll(cut);
            }
            ParityRecords records =
                    new ParityRecords(config.parity.runTable, config.parity.driftTable);
            records.create(neu);
            return new Plan(tables, ranges, records);
        } catch (SQLException e) {
            throw new ConfigException(
                    "Cannot prepare the parity run against the databases: " + e.getMessage(), e);
        }
    }

    private ParityTable resolve(TableMapping m, TargetTable t, Connection old, Connection neu)
            throws SQLException {
        Map<String, String> oldTypes = columnTypes(old, m.source());
        Map<String, String> newTypes = columnTypes(neu, m.target());
        List<String> oldExpressions = new ArrayList<>();
        List<String> newExpressions = new ArrayList<>();
        List<String> oldHashed = new ArrayList<>();
        List<String> newHashed = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> casts = new ArrayList<>();
        for (TargetColumn c : t.columns) {
            names.add(c.name);
            newExpressions.add(quote(c.name) + "::text");
            String type = newTypes.get(c.name);
            if (c.isConstant()) {
                String constant = literal(canonicalConstant(neu, c.constant, type));
                oldExpressions.add(constant);
                oldHashed.add(constant);
                newHashed.add(quote(c.name) + "::text");
                casts.add(null);
            } else {
                oldExpressions.add(quote(c.sourceColumn) + "::text");
                casts.add(m.casts().get(c.sourceColumn));
                boolean byValue =
                        HashedColumns.byValue(type) && type.equals(oldTypes.get(c.sourceColumn));
                oldHashed.add(quote(c.sourceColumn) + (byValue ? "" : "::text"));
                newHashed.add(quote(c.name) + (byValue ? "" : "::text"));
            }
        }
        boolean recordHash = versionNum(old) >= 140000 && versionNum(neu) >= 140000;
        List<String> oldKeys = new ArrayList<>();
        List<String> newKeys = new ArrayList<>();
        List<String> oldKeyTypes = new ArrayList<>();
        List<String> newKeyTypes = new ArrayList<>();
        for (TargetColumn key : t.keyColumns()) {
            oldKeys.add(quote(key.sourceColumn));
            oldKeyTypes.add(oldTypes.get(key.sourceColumn));
            newKeys.add(quote(key.name));
            newKeyTypes.add(newTypes.get(key.name));
        }
        String oldVersion =
                m.versionColumn() == null ? null : quote(m.versionColumn()) + "::bigint";
        SideSql oldSql =
                new SideSql(
                        m.source().quoted(),
                        oldExpressions,
                        oldHashed,
                        recordHash,
                        oldKeys,
                        oldKeyTypes,
                        oldVersion,
                        null);
        SideSql newSql =
                new SideSql(
                        m.target().quoted(),
                        newExpressions,
                        newHashed,
                        recordHash,
                        newKeys,
                        newKeyTypes,
                        quote(t.versionColumn),
                        quote(t.deletedColumn));
        return new ParityTable(t, oldSql, newSql, names, casts, m.versionColumn() != null);
    }

    private List<KeyRange> cut(int index, ParityTable table, long estimatedRows, Connection old)
            throws SQLException {
        long rows = estimatedRows > 0 ? estimatedRows : count(old, table);
        double percent = RangePlanner.samplePercent(rows, config.parity.rangeRows);
        List<String[]> sample =
                new SideReader(old, table.old, table.columnNames.size(), config.fetchSize)
                        .sampleKeys(percent);
        return RangePlanner.plan(
                index, sample, RangePlanner.rangesWanted(rows, config.parity.rangeRows));
    }

    /** The row count of a table OLD has no statistics for (never analyzed). */
    private static long count(Connection old, ParityTable table) throws SQLException {
        try (PreparedStatement ps =
                        old.prepareStatement(
                                "SELECT count(*) FROM " + TableId.parse(table.name()).quoted());
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int versionNum(Connection c) throws SQLException {
        try (PreparedStatement ps =
                        c.prepareStatement("SELECT current_setting('server_version_num')::int");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The text NEW prints for an added column's constant. */
    private static String canonicalConstant(Connection neu, String literal, String type)
            throws SQLException {
        try (PreparedStatement ps =
                neu.prepareStatement("SELECT CAST(CAST(? AS text) AS " + type + ")::text")) {
            ps.setString(1, literal);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static String literal(String text) {
        return text == null ? "NULL::text" : "'" + text.replace("'", "''") + "'::text";
    }

    private static Map<String, String> columnTypes(Connection c, TableId table)
            throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps =
                c.prepareStatement(
                        "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                                + " WHERE attrelid = CAST(? AS regclass) AND attnum > 0"
                                + " AND NOT attisdropped")) {
            ps.setString(1, table.quoted());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }
}
