package io.dualmigrate.bench;

import io.dualmigrate.config.MigrationConfig;
import io.dualmigrate.config.TableMapping;
import io.dualmigrate.source.ChangeEvent;
import io.dualmigrate.source.ChangeEventDeserializer;
import io.dualmigrate.source.PgTextConverter;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.cdc.connectors.base.options.StartupOptions;
import org.apache.flink.cdc.connectors.postgres.source.PostgresSourceBuilder.PostgresIncrementalSource;

/**
 * WHAT-IF ONLY, not the product: the product's CDC source rebuilt with extra Debezium properties,
 * to measure what exposing a setting (e.g. {@code poll.interval.ms}) would change.
 *
 * <p>Mirrors {@code io.dualmigrate.source.PostgresCdcSource#create}; a run that uses it says so in
 * its report.
 */
final class ExperimentSource {

    private ExperimentSource() {}

    static PostgresIncrementalSource<ChangeEvent> create(
            MigrationConfig config, Map<String, String> extraDebezium) {
        Set<String> schemas = new LinkedHashSet<>();
        Map<String, String> versionColumns = new HashMap<>();
        String[] tables = new String[config.tables.size()];
        for (int i = 0; i < tables.length; i++) {
            TableMapping m = config.tables.get(i);
            schemas.add(m.source().schema());
            tables[i] = m.source().toString();
            if (m.versionColumn() != null) {
                versionColumns.put(m.source().toString(), m.versionColumn());
            }
        }
        Properties props = new Properties();
        props.setProperty("publication.name", config.slotName);
        props.setProperty("publication.autocreate.mode", "filtered");
        props.setProperty("converters", "pgtext");
        props.setProperty("pgtext.type", PgTextConverter.class.getName());
        props.setProperty("snapshot.mode", "initial");
        extraDebezium.forEach(props::setProperty);
        return PostgresIncrementalSource.<ChangeEvent>builder()
                .hostname(config.source.hostname())
                .port(config.source.port())
                .database(config.source.database())
                .schemaList(schemas.toArray(new String[0]))
                .tableList(tables)
                .username(config.source.username())
                .password(config.source.password().reveal())
                .slotName(config.slotName)
                .decodingPluginName("pgoutput")
                .splitSize(config.chunkSize)
                .fetchSize(config.fetchSize)
                .startupOptions(StartupOptions.initial())
                .debeziumProperties(props)
                .deserializer(new ChangeEventDeserializer(versionColumns))
                .build();
    }
}
