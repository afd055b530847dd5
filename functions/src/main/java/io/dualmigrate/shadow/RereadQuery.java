package io.dualmigrate.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import io.dualmigrate.config.RereadQueries;
import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/** A re-read query with its named parameters turned into JDBC placeholders, bound from a key. */
final class RereadQuery implements Serializable {

    private static final long serialVersionUID = 1L;

    final String sql;
    final List<String> parameters;

    private RereadQuery(String sql, List<String> parameters) {
        this.sql = sql;
        this.parameters = List.copyOf(parameters);
    }

    static RereadQuery parse(String query) {
        List<String> names = new ArrayList<>();
        Matcher m = RereadQueries.PARAMETER.matcher(query);
        StringBuilder sql = new StringBuilder();
        while (m.find()) {
            names.add(m.group(1));
            m.appendReplacement(sql, "?");
        }
        m.appendTail(sql);
        return new RereadQuery(sql.toString(), names);
    }

    /** Binds the key's fields; a field the key lacks is an error naming the field. */
    void bind(PreparedStatement statement, JsonNode key) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            JsonNode value = key.get(parameters.get(i));
            if (value == null) {
                throw new SQLException(
                        "the event's key has no field '" + parameters.get(i) + "'", "22023");
            }
            if (value.isNull()) {
                statement.setNull(i + 1, java.sql.Types.OTHER);
            } else if (value.isIntegralNumber()) {
                statement.setLong(i + 1, value.longValue());
            } else if (value.isNumber()) {
                statement.setBigDecimal(i + 1, value.decimalValue());
            } else if (value.isBoolean()) {
                statement.setBoolean(i + 1, value.booleanValue());
            } else {
                // Untyped (stringtype=unspecified): PostgreSQL reads it as the column's type.
                statement.setString(i + 1, value.isTextual() ? value.asText() : value.toString());
            }
        }
    }
}
