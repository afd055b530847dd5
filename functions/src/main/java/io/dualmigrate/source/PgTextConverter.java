package io.dualmigrate.source;

import io.debezium.connector.postgresql.UnchangedToastedReplicationMessageColumn;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.util.Properties;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * Debezium converter that turns every column into PostgreSQL's own text form of its value.
 *
 * <p>Debezium's default conversions lose information that a migration must keep (numeric {@code
 * NaN}, timestamp infinities, {@code json} text as written, BC dates, microseconds). This converter
 * sees the raw value before those conversions and renders it as a literal that PostgreSQL's input
 * function reads back to the same value; the sink casts it to the NEW column's type. An unchanged
 * TOASTed value becomes {@link #UNCHANGED_TOAST}, never text.
 */
public class PgTextConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {

    /** Marks a value the change stream omitted because it did not change (TOAST). */
    public static final String UNCHANGED_TOAST = "\u0000dualmigrate:unchanged-toast\u0000";

    @Override
    public void configure(Properties props) {}

    @Override
    public void converterFor(
            RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        registration.register(
                SchemaBuilder.string().optional(),
                raw -> {
                    if (raw == UnchangedToastedReplicationMessageColumn.UNCHANGED_TOAST_VALUE) {
                        return UNCHANGED_TOAST;
                    }
                    return raw == null ? null : PgText.format(raw);
                });
    }
}
