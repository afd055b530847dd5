package io.dualmigrate.sink;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A table a {@link BatchJdbcSink} appends to: how to create it and how to write one row. The insert
 * must be idempotent ({@code ON CONFLICT}), since a replay after a failover writes rows again.
 */
public interface OutputTable<T> extends Serializable {

    /** Creates the table if it is absent; the job does it once, before its writers start. */
    void create(Connection connection) throws SQLException;

    String insertSql();

    void bind(PreparedStatement statement, T row) throws SQLException;
}
