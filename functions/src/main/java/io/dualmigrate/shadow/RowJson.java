package io.dualmigrate.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Turns the current row of a re-read into the JSON an application would log: numbers as numbers,
 * {@code timestamptz} as ISO-8601 instants, {@code timestamp} and {@code date} in ISO form, {@code
 * json}/{@code jsonb} as nested JSON, arrays as arrays, everything else as text.
 */
final class RowJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private RowJson() {}

    static ObjectNode of(ResultSet rs) throws SQLException {
        ObjectNode row = NODES.objectNode();
        ResultSetMetaData meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            row.set(meta.getColumnLabel(i), value(rs, i, meta.getColumnTypeName(i)));
        }
        return row;
    }

    private static JsonNode value(ResultSet rs, int column, String type) throws SQLException {
        switch (type) {
            case "timestamptz":
                OffsetDateTime odt = rs.getObject(column, OffsetDateTime.class);
                return odt == null
                        ? NODES.nullNode()
                        : NODES.textNode(DateTimeFormatter.ISO_INSTANT.format(odt.toInstant()));
            case "timestamp":
                LocalDateTime ldt = rs.getObject(column, LocalDateTime.class);
                return ldt == null ? NODES.nullNode() : NODES.textNode(ldt.toString());
            case "date":
                LocalDate date = rs.getObject(column, LocalDate.class);
                return date == null ? NODES.nullNode() : NODES.textNode(date.toString());
            case "json":
            case "jsonb":
                String json = rs.getString(column);
                return json == null ? NODES.nullNode() : parse(json);
            default:
                return plain(rs.getObject(column));
        }
    }

    private static JsonNode plain(Object value) throws SQLException {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof BigDecimal) {
            return NODES.numberNode((BigDecimal) value);
        }
        if (value instanceof Number) {
            return NODES.numberNode(new BigDecimal(value.toString()));
        }
        if (value instanceof Boolean) {
            return NODES.booleanNode((Boolean) value);
        }
        if (value instanceof Array) {
            ArrayNode array = NODES.arrayNode();
            for (Object element : (Object[]) ((Array) value).getArray()) {
                array.add(plain(element));
            }
            return array;
        }
        return NODES.textNode(value.toString());
    }

    private static JsonNode parse(String json) throws SQLException {
        try {
            return ReadLogParser.JSON.readTree(json);
        } catch (IOException e) {
            throw new SQLException("a json column holds invalid JSON", "22032", e);
        }
    }
}
