package io.dualmigrate.parity;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Turns OLD's text of declared-cast columns into the text NEW prints for the same value, by reading
 * it through NEW's type in NEW (what the replication does when it writes it).
 *
 * <p>A value NEW's type rejects keeps OLD's text, so it shows as a value mismatch (the replication
 * dead-letters such rows).
 */
public final class CastNormalizer {

    private final Connection neu;
    private final ParityTable table;

    public CastNormalizer(Connection neu, ParityTable table) {
        this.neu = neu;
        this.table = table;
    }

    public void normalize(Collection<RowImage> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        for (int c = 0; c < table.casts.size(); c++) {
            String type = table.casts.get(c);
            if (type == null) {
                continue;
            }
            int column = c;
            String[] values = rows.stream().map(r -> r.values[column]).toArray(String[]::new);
            String[] cast = castAll(type, values);
            int i = 0;
            for (RowImage row : rows) {
                row.values[column] = cast[i++];
            }
        }
    }

    private String[] castAll(String type, String[] values) throws SQLException {
        String sql =
                "SELECT CAST(v AS "
                        + type
                        + ")::text FROM unnest(CAST(? AS text[])) WITH ORDINALITY AS u(v, n)"
                        + " ORDER BY n";
        boolean autoCommit = neu.getAutoCommit();
        neu.setAutoCommit(false);
        try (PreparedStatement ps = neu.prepareStatement(sql)) {
            Array array = neu.createArrayOf("text", values);
            ps.setArray(1, array);
            String[] out = new String[values.length];
            try (ResultSet rs = ps.executeQuery()) {
                for (int i = 0; rs.next(); i++) {
                    out[i] = rs.getString(1);
                }
            }
            neu.commit();
            return out;
        } catch (SQLException rejected) {
            neu.rollback();
            return values.length == 1 ? values : one(type, values);
        } finally {
            neu.setAutoCommit(autoCommit);
        }
    }

    /** Value by value, so that one rejected value keeps only its own text. */
    private String[] one(String type, String[] values) throws SQLException {
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] == null ? null : castAll(type, new String[] {values[i]})[0];
        }
        return out;
    }
}
