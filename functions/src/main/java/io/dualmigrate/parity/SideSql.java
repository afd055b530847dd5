package io.dualmigrate.parity;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements parity runs against one side (OLD or NEW) of one table, over the canonical text of
 * the mapped columns.
 *
 * <p>A row's canonical form is its columns' text, {@code c::text}. The checksum of a range is the
 * sum, as numeric (order-independent, no overflow), of a 64-bit hash per row: {@code
 * hash_record_extended(ROW(…), 0)}, which hashes each column with its type's own hash — the column
 * itself where the type's equality is exactly equality of its text ({@link HashedColumns}), its
 * text otherwise — and combines them by position, NULL included. That tells apart exactly the rows
 * the text tells apart, without rendering every column as text. Before PostgreSQL 14 (no {@code
 * hash_record_extended}) it hashes {@code ROW(c1::text, …)::text}, whose record output quotes each
 * value and leaves NULL empty. Key bounds are bound as text and cast to the key column's type, so
 * ranges follow the primary key index.
 */
public final class SideSql implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String table;
    private final List<String> expressions;
    private final List<String> hashed;
    private final boolean recordHash;
    private final List<String> keyColumns;
    private final List<String> keyTypes;
    private final String versionExpression;
    private final String deletedColumn;

    /**
     * @param table quoted table name
     * @param expressions per compared column, an SQL expression of type text (keys first)
     * @param hashed per compared column, what the checksum hashes: the column itself where its
     *     type's equality is text equality ({@link HashedColumns}), else its text
     * @param recordHash whether both servers have {@code hash_record_extended} (PostgreSQL 14+)
     * @param keyColumns quoted primary-key columns
     * @param keyTypes their types, as {@code format_type} names them
     * @param versionExpression the version column, or null (OLD in LSN mode)
     * @param deletedColumn the quoted tombstone flag (NEW), or null (OLD)
     */
    public SideSql(
            String table,
            List<String> expressions,
            List<String> hashed,
            boolean recordHash,
            List<String> keyColumns,
            List<String> keyTypes,
            String versionExpression,
            String deletedColumn) {
        this.table = table;
        this.expressions = List.copyOf(expressions);
        this.hashed = List.copyOf(hashed);
        this.recordHash = recordHash;
        this.keyColumns = List.copyOf(keyColumns);
        this.keyTypes = List.copyOf(keyTypes);
        this.versionExpression = versionExpression;
        this.deletedColumn = deletedColumn;
    }

    public int keyCount() {
        return keyColumns.size();
    }

    /** Count and checksum of the live rows of a range; parameters: {@link #bind} of the range. */
    public String summary(KeyRange range) {
        return "SELECT count(*), coalesce(sum("
                + rowHash()
                + "), 0)::text FROM "
                + table
                + where(range, true);
    }

    /**
     * Each live row's key and hash (the hash the summary adds up); parameters: {@link #bind} of the
     * range. Comparing these finds the differing keys of a range in one pass per side.
     */
    public String rowHashes(KeyRange range) {
        List<String> text = new ArrayList<>();
        for (String key : keyColumns) {
            text.add(key + "::text");
        }
        return "SELECT "
                + String.join(", ", text)
                + ", "
                + rowHash()
                + " FROM "
                + table
                + where(range, true);
    }

    private String rowHash() {
        String row = "ROW(" + String.join(", ", recordHash ? hashed : expressions) + ")";
        return recordHash
                ? "hash_record_extended(" + row + ", 0)"
                : "hashtextextended(" + row + "::text, 0)";
    }

    /** Every row of a range, tombstones included: values, then version, then deleted. */
    public String rows(KeyRange range) {
        return "SELECT " + selectList() + " FROM " + table + where(range, false);
    }

    /** The row of one key; parameters: the key's text values. */
    public String row() {
        return "SELECT "
                + selectList()
                + " FROM "
                + table
                + " WHERE "
                + tuple(keyColumns)
                + " = "
                + tuple(casts());
    }

    /**
     * Every {@code step}-th key of the live rows of a range, in key order; parameters: {@link
     * #bind} of the range, then the step.
     */
    public String splitPoints(KeyRange range) {
        List<String> text = new ArrayList<>();
        for (String key : keyColumns) {
            text.add(key + "::text");
        }
        String keys = String.join(", ", keyColumns);
        return "SELECT "
                + String.join(", ", text)
                + " FROM (SELECT "
                + keys
                + ", row_number() OVER (ORDER BY "
                + keys
                + ") AS dm_row FROM "
                + table
                + where(range, true)
                + ") s WHERE dm_row % ? = 0 ORDER BY "
                + qualified("s");
    }

    /**
     * One key per page of a {@code TABLESAMPLE SYSTEM (percent)} sample, in key order: whole pages
     * are sampled, and a table written in key order holds runs of neighbouring keys per page, so
     * only one key of each page counts.
     */
    public String sampleKeys(double percent) {
        List<String> text = new ArrayList<>();
        for (String key : keyColumns) {
            text.add(key + "::text");
        }
        String block = "(t.ctid::text::point)[0]";
        return "SELECT "
                + String.join(", ", text)
                + " FROM (SELECT DISTINCT ON ("
                + block
                + ") "
                + qualified("t")
                + " FROM "
                + table
                + " AS t TABLESAMPLE SYSTEM ("
                + percent
                + ") ORDER BY "
                + block
                + ") s ORDER BY "
                + qualified("s");
    }

    /**
     * The key columns qualified by {@code alias}: the select list renames {@code k::text} to {@code
     * k}, and an unqualified ORDER BY would sort by that text.
     */
    private String qualified(String alias) {
        List<String> out = new ArrayList<>();
        for (String key : keyColumns) {
            out.add(alias + "." + key);
        }
        return String.join(", ", out);
    }

    /**
     * The range's bounds as statement parameters, lower then upper, in the order of {@link #where}.
     */
    public List<String> bind(KeyRange range) {
        List<String> out = new ArrayList<>();
        if (range.lower != null) {
            out.addAll(List.of(range.lower));
        }
        if (range.upper != null) {
            out.addAll(List.of(range.upper));
        }
        return out;
    }

    private String selectList() {
        StringBuilder sql = new StringBuilder(String.join(", ", expressions));
        sql.append(", ").append(versionExpression == null ? "NULL::bigint" : versionExpression);
        sql.append(", ").append(deletedColumn == null ? "false" : deletedColumn);
        return sql.toString();
    }

    private String where(KeyRange range, boolean liveOnly) {
        List<String> conditions = new ArrayList<>();
        if (range.lower != null) {
            conditions.add(tuple(keyColumns) + " >= " + tuple(casts()));
        }
        if (range.upper != null) {
            conditions.add(tuple(keyColumns) + " < " + tuple(casts()));
        }
        if (liveOnly && deletedColumn != null) {
            conditions.add("NOT " + deletedColumn);
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private List<String> casts() {
        List<String> out = new ArrayList<>();
        for (String type : keyTypes) {
            out.add("CAST(? AS " + type + ")");
        }
        return out;
    }

    private static String tuple(List<String> parts) {
        return "(" + String.join(", ", parts) + ")";
    }
}
