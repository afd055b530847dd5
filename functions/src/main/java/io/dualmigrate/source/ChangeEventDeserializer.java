package io.dualmigrate.source;

import io.debezium.data.Envelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns Debezium change records into {@link ChangeEvent}s with a version.
 *
 * <p>Versions: in LSN mode a streamed change gets its WAL position; a snapshot row gets 0 (the
 * source skips Flink CDC's backfill, so snapshot rows are read as is). The stream replays every
 * change after the low watermark of a key's chunk, so every snapshot row orders before every
 * streamed change of its key, whatever order they reach the keyed operator in, and replaying a
 * change the snapshot already reflects ends in the same row. In column mode the version is the
 * row's version column; a delete carries the version of the row it removed (it needs REPLICA
 * IDENTITY FULL).
 *
 * <p>An unchanged TOASTed value is filled from the old row image (present with REPLICA IDENTITY
 * FULL); if it cannot be filled, the event is marked invalid and dead-lettered, never written.
 */
public class ChangeEventDeserializer implements DebeziumDeserializationSchema<ChangeEvent> {

    private static final long serialVersionUID = 1L;

    /** Version column per source table ({@code schema.table}); empty in LSN mode. */
    private final Map<String, String> versionColumns;

    public ChangeEventDeserializer(Map<String, String> versionColumns) {
        this.versionColumns = Map.copyOf(versionColumns);
    }

    @Override
    public void deserialize(SourceRecord record, Collector<ChangeEvent> out) {
        if (!(record.value() instanceof Struct)) {
            return;
        }
        Struct value = (Struct) record.value();
        if (value.schema().field(Envelope.FieldName.OPERATION) == null) {
            return;
        }
        Envelope.Operation op =
                Envelope.Operation.forCode(value.getString(Envelope.FieldName.OPERATION));
        if (op == null || op == Envelope.Operation.TRUNCATE || op == Envelope.Operation.MESSAGE) {
            return;
        }
        Struct source = value.getStruct(Envelope.FieldName.SOURCE);
        Struct before = value.getStruct(Envelope.FieldName.BEFORE);
        Struct after = value.getStruct(Envelope.FieldName.AFTER);
        boolean delete = op == Envelope.Operation.DELETE;
        Struct row = delete ? before : after;
        if (row == null) {
            return;
        }

        ChangeEvent event = new ChangeEvent();
        event.table = source.getString("schema") + "." + source.getString("table");
        event.delete = delete;
        event.snapshot = op == Envelope.Operation.READ;
        Long tsMs = source.getInt64("ts_ms");
        event.commitTimeMs = tsMs == null ? System.currentTimeMillis() : tsMs;
        readRow(event, row, before);
        event.key = KeyEncoding.encode(keyValues(record, event));
        assignVersion(event, source.getInt64("lsn"));
        out.collect(event);
    }

    private static void readRow(ChangeEvent event, Struct row, Struct before) {
        List<Field> fields = row.schema().fields();
        event.columns = new String[fields.size()];
        event.values = new String[fields.size()];
        List<String> unavailable = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.get(i).name();
            Object raw = row.get(fields.get(i));
            String text = raw == null ? null : raw.toString();
            if (PgTextConverter.UNCHANGED_TOAST.equals(text)) {
                text = fillFromBefore(before, name);
                if (text == null) {
                    unavailable.add(name);
                }
            }
            event.columns[i] = name;
            event.values[i] = text;
        }
        if (!unavailable.isEmpty()) {
            event.invalidReason =
                    "unchanged TOASTed value of "
                            + unavailable
                            + " is not in the change stream; set REPLICA IDENTITY FULL on "
                            + event.table;
        }
    }

    private static String fillFromBefore(Struct before, String column) {
        if (before == null || before.schema().field(column) == null) {
            return null;
        }
        Object old = before.get(column);
        if (old == null || PgTextConverter.UNCHANGED_TOAST.equals(old.toString())) {
            return null;
        }
        return old.toString();
    }

    private static List<String> keyValues(SourceRecord record, ChangeEvent event) {
        List<String> parts = new ArrayList<>();
        if (record.key() instanceof Struct) {
            for (Field field : ((Struct) record.key()).schema().fields()) {
                parts.add(event.value(field.name()));
            }
        }
        return parts;
    }

    private void assignVersion(ChangeEvent event, Long lsn) {
        String versionColumn = versionColumns.get(event.table);
        if (versionColumn == null) {
            if (event.snapshot) {
                event.version = 0;
            } else if (lsn == null) {
                event.invalidReason = "change without a WAL position (lsn)";
            } else {
                event.version = lsn;
            }
            return;
        }
        String text = event.value(versionColumn);
        try {
            event.version = Long.parseLong(text);
        } catch (NumberFormatException e) {
            event.invalidReason =
                    "version column "
                            + versionColumn
                            + " holds '"
                            + text
                            + "', not an integer"
                            + (event.delete ? " (deletes need REPLICA IDENTITY FULL)" : "");
        }
    }

    @Override
    public TypeInformation<ChangeEvent> getProducedType() {
        return TypeInformation.of(ChangeEvent.class);
    }
}
