package io.dualmigrate.source;

import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Set;
import org.apache.flink.cdc.connectors.base.config.JdbcSourceConfig;
import org.apache.flink.cdc.connectors.base.source.meta.offset.Offset;
import org.apache.flink.cdc.connectors.base.source.meta.split.SourceSplitBase;
import org.apache.flink.cdc.connectors.base.source.reader.external.JdbcSourceFetchTaskContext;
import org.apache.flink.cdc.connectors.postgres.source.PostgresDialect;
import org.apache.flink.cdc.connectors.postgres.source.config.PostgresSourceConfig;
import org.apache.flink.cdc.connectors.postgres.source.fetch.PostgresSourceFetchTaskContext;
import org.apache.flink.util.FlinkRuntimeException;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TypeInfo;
import org.postgresql.util.PGobject;

/**
 * The Flink CDC Postgres dialect with two changes: snapshot chunks start at the replication slot's
 * position, and they read some types as PostgreSQL text.
 *
 * <p><b>Where the stream starts.</b> Without backfill, the stream replays every change after the
 * lowest low watermark of the snapshot chunks. Flink CDC takes a chunk's low watermark from {@code
 * pg_current_wal_lsn()}; a transaction whose commit record is already in the WAL then but which is
 * not yet visible to the chunk's SELECT would be neither in the snapshot nor in the stream. Here
 * the low watermark is the job's slot position instead (its consistent point while the snapshot
 * runs): every transaction committed before it is visible to every chunk's SELECT, and every one
 * committed after it is streamed.
 *
 * <p>Flink CDC reads snapshot rows with {@code ResultSet.getObject()}, so pgjdbc picks the Java
 * class, and for these types that class loses the value: {@code time} and {@code timetz} become
 * {@link java.sql.Time} (milliseconds, no offset, no 24:00); {@code date} and {@code timestamp} are
 * built in the JVM's default time zone and Julian-Gregorian calendar, so local times skipped by
 * daylight saving time and the dates skipped in October 1582 move; {@code money} becomes a double,
 * and from 1,000 on pgjdbc fails on the thousands separator; {@code interval} is parsed into int
 * fields; {@code bit(1)} turns into a boolean, {@code xml} into a {@link java.sql.SQLXML}.
 *
 * <p>On the connection each snapshot split opens, these types are mapped to {@link PGobject}, which
 * keeps the text the server sent, and binary transfer is turned off: a binary value would bypass
 * that text, and pgjdbc renders a binary array it cannot decode as "NULL".
 */
final class ReplicationDialect extends PostgresDialect {

    private static final long serialVersionUID = 1L;

    private static final List<String> TEXT_TYPES =
            List.of(
                    "date",
                    "time",
                    "timetz",
                    "timestamp",
                    "timestamptz",
                    "interval",
                    "money",
                    "bit",
                    "xml");

    ReplicationDialect(PostgresSourceConfig config) {
        super(config);
    }

    @Override
    public Offset displayCurrentOffset(JdbcSourceConfig config) {
        return displayCommittedOffset(config);
    }

    @Override
    public JdbcSourceFetchTaskContext createFetchTaskContext(JdbcSourceConfig config) {
        return new TextFetchTaskContext(config, this);
    }

    /** Makes one pgjdbc connection read {@link #TEXT_TYPES} as text, and nothing as binary. */
    private static void readAsText(BaseConnection connection) throws SQLException {
        TypeInfo types = connection.getTypeInfo();
        for (String name : TEXT_TYPES) {
            int oid = types.getPGType(name);
            types.addCoreType(
                    name, oid, Types.OTHER, PGobject.class.getName(), types.getPGArrayType(name));
            types.addDataType(name, PGobject.class);
        }
        connection.getQueryExecutor().setBinaryReceiveOids(Set.of());
    }

    /** The fetch task context whose fresh connection per split reads {@link #TEXT_TYPES}. */
    private static final class TextFetchTaskContext extends PostgresSourceFetchTaskContext {

        TextFetchTaskContext(JdbcSourceConfig config, PostgresDialect dialect) {
            super(config, dialect);
        }

        @Override
        public void configure(SourceSplitBase split) {
            ConnectorConfigLog.quiet();
            super.configure(split);
            try {
                readAsText(getConnection().connection().unwrap(BaseConnection.class));
            } catch (SQLException e) {
                throw new FlinkRuntimeException("Cannot set up the snapshot connection", e);
            }
        }
    }
}
