package io.dualmigrate.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.data.Envelope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class ChangeEventDeserializerTest {

    private static final Schema KEY =
            SchemaBuilder.struct().field("id", Schema.STRING_SCHEMA).build();
    private static final Schema ROW =
            SchemaBuilder.struct()
                    .field("id", Schema.STRING_SCHEMA)
                    .field("v", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("body", Schema.OPTIONAL_STRING_SCHEMA)
                    .optional()
                    .build();
    private static final Schema SOURCE =
            SchemaBuilder.struct()
                    .field("schema", Schema.STRING_SCHEMA)
                    .field("table", Schema.STRING_SCHEMA)
                    .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
                    .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                    .build();
    private static final Envelope ENVELOPE =
            Envelope.defineSchema()
                    .withName("t.Envelope")
                    .withRecord(ROW)
                    .withSource(SOURCE)
                    .build();

    private static Struct row(String id, String v, String body) {
        return new Struct(ROW).put("id", id).put("v", v).put("body", body);
    }

    private static Struct source(Long lsn) {
        return new Struct(SOURCE)
                .put("schema", "public")
                .put("table", "docs")
                .put("lsn", lsn)
                .put("ts_ms", 1_700_000_000_000L);
    }

    private static SourceRecord record(Struct value) {
        String id =
                value.getStruct("after") != null
                        ? value.getStruct("after").getString("id")
                        : value.getStruct("before").getString("id");
        return new SourceRecord(
                Map.of(), Map.of(), "t", KEY, new Struct(KEY).put("id", id), value.schema(), value);
    }

    private static List<ChangeEvent> deserialize(
            ChangeEventDeserializer deserializer, SourceRecord record) throws Exception {
        List<ChangeEvent> out = new ArrayList<>();
        deserializer.deserialize(record, new ListCollector<>(out));
        return out;
    }

    private static final ChangeEventDeserializer LSN_MODE = new ChangeEventDeserializer(Map.of());
    private static final Instant NOW = Instant.ofEpochMilli(1);

    @Test
    void snapshotRowsGetVersionZeroWhateverTheirOffsetSays() throws Exception {
        ChangeEvent e =
                deserialize(LSN_MODE, record(ENVELOPE.read(row("1", "a", "b"), source(999L), NOW)))
                        .get(0);
        assertThat(e.snapshot).isTrue();
        assertThat(e.version).isZero();
        assertThat(e.table).isEqualTo("public.docs");
        assertThat(e.key).isEqualTo(KeyEncoding.encode(List.of("1")));
        assertThat(e.values).containsExactly("1", "a", "b");
    }

    @Test
    void streamedChangesGetTheirWalPosition() throws Exception {
        ChangeEvent e =
                deserialize(
                                LSN_MODE,
                                record(
                                        ENVELOPE.update(
                                                row("1", "a", "b"),
                                                row("1", "c", "b"),
                                                source(4242L),
                                                NOW)))
                        .get(0);
        assertThat(e.snapshot).isFalse();
        assertThat(e.delete).isFalse();
        assertThat(e.version).isEqualTo(4242L);
        assertThat(e.commitTimeMs).isEqualTo(1_700_000_000_000L);
        assertThat(e.value("v")).isEqualTo("c");
    }

    @Test
    void aDeleteCarriesTheOldRowImage() throws Exception {
        ChangeEvent e =
                deserialize(
                                LSN_MODE,
                                record(ENVELOPE.delete(row("1", "a", null), source(50L), NOW)))
                        .get(0);
        assertThat(e.delete).isTrue();
        assertThat(e.version).isEqualTo(50L);
        assertThat(e.value("id")).isEqualTo("1");
    }

    @Test
    void anUnchangedToastedValueIsFilledFromTheOldRowImage() throws Exception {
        ChangeEvent e =
                deserialize(
                                LSN_MODE,
                                record(
                                        ENVELOPE.update(
                                                row("1", "a", "large text"),
                                                row("1", "b", PgTextConverter.UNCHANGED_TOAST),
                                                source(60L),
                                                NOW)))
                        .get(0);
        assertThat(e.invalidReason).isNull();
        assertThat(e.value("body")).isEqualTo("large text");
    }

    @Test
    void anUnchangedToastedValueWithoutOldImageMarksTheEventInvalid() throws Exception {
        ChangeEvent e =
                deserialize(
                                LSN_MODE,
                                record(
                                        ENVELOPE.create(
                                                row("1", "b", PgTextConverter.UNCHANGED_TOAST),
                                                source(61L),
                                                NOW)))
                        .get(0);
        assertThat(e.invalidReason).contains("[body]").contains("REPLICA IDENTITY FULL");
        assertThat(e.value("body")).isNull();
    }

    @Test
    void columnModeTakesTheVersionFromTheRow() throws Exception {
        ChangeEventDeserializer columnMode =
                new ChangeEventDeserializer(Map.of("public.docs", "v"));
        ChangeEvent good =
                deserialize(
                                columnMode,
                                record(ENVELOPE.create(row("1", "17", null), source(9L), NOW)))
                        .get(0);
        assertThat(good.version).isEqualTo(17L);
        ChangeEvent bad =
                deserialize(
                                columnMode,
                                record(ENVELOPE.create(row("1", "x1", null), source(9L), NOW)))
                        .get(0);
        assertThat(bad.invalidReason).contains("version column v holds 'x1'");
    }

    @Test
    void recordsWithoutAChangeAreSkipped() throws Exception {
        SourceRecord tombstone = new SourceRecord(Map.of(), Map.of(), "t", KEY, null, null, null);
        assertThat(deserialize(LSN_MODE, tombstone)).isEmpty();
    }
}
