package io.dualmigrate.config;

import io.dualmigrate.config.ShadowOptions.RedactionMode;
import io.dualmigrate.config.ShadowOptions.StartingOffsets;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated shadow-read file: where the read logs are, how requests are paired and compared, how
 * differences are confirmed, and where the evidence goes. Built only by {@link ShadowConfigLoader}.
 */
public final class ShadowConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    public final String name;

    /** OLD, for re-reads; null when no entity has a re-read query. */
    public final ConnectionSettings source;

    /** NEW, for re-reads; null when no entity has a re-read query. */
    public final ConnectionSettings target;

    /** Where the mismatch and summary tables are: NEW's database unless shadow.output says. */
    public final ConnectionSettings output;

    public final String bootstrapServers;
    public final List<String> topics;
    public final String groupId;
    public final StartingOffsets startingOffsets;
    public final KafkaSecurity kafkaSecurity;
    public final String mismatchTopic;
    public final String deadLetterTopic;

    public final Duration pairingWindow;
    public final Duration maxOutOfOrderness;
    public final Duration idleness;

    public final Duration confirmDelay;
    public final Duration confirmTimeout;
    public final int confirmCapacity;
    public final int confirmThreads;

    public final TableId mismatchTable;
    public final TableId summaryTable;
    public final int batchSize;
    public final Duration flushInterval;
    public final int sampleMaxChars;

    public final RedactionMode redactionMode;
    public final Set<String> sensitiveFields;
    public final Map<String, EntityRules> entities;

    ShadowConfig(Builder b) {
        this.name = b.name;
        this.source = b.source;
        this.target = b.target;
        this.output = b.output;
        this.bootstrapServers = b.bootstrapServers;
        this.topics = List.copyOf(b.topics);
        this.groupId = b.groupId;
        this.startingOffsets = b.startingOffsets;
        this.kafkaSecurity = b.kafkaSecurity;
        this.mismatchTopic = b.mismatchTopic;
        this.deadLetterTopic = b.deadLetterTopic;
        this.pairingWindow = b.pairingWindow;
        this.maxOutOfOrderness = b.maxOutOfOrderness;
        this.idleness = b.idleness;
        this.confirmDelay = b.confirmDelay;
        this.confirmTimeout = b.confirmTimeout;
        this.confirmCapacity = b.confirmCapacity;
        this.confirmThreads = b.confirmThreads;
        this.mismatchTable = b.mismatchTable;
        this.summaryTable = b.summaryTable;
        this.batchSize = b.batchSize;
        this.flushInterval = b.flushInterval;
        this.sampleMaxChars = b.sampleMaxChars;
        this.redactionMode = b.redactionMode;
        this.sensitiveFields = Set.copyOf(b.sensitiveFields);
        this.entities = Map.copyOf(b.entities);
    }

    /** The rules of an entity; an entity the file does not list is compared exactly. */
    public EntityRules rules(String entity) {
        EntityRules rules = entities.get(entity);
        return rules != null ? rules : EntityRules.none(entity);
    }

    /** True when at least one entity is confirmed by re-reading both stores. */
    public boolean rereads() {
        return entities.values().stream().anyMatch(e -> e.reread != null);
    }

    /** Collects the values while the loader validates them; not for use elsewhere. */
    static final class Builder {
        String name;
        ConnectionSettings source;
        ConnectionSettings target;
        ConnectionSettings output;
        String bootstrapServers;
        List<String> topics;
        String groupId;
        StartingOffsets startingOffsets;
        KafkaSecurity kafkaSecurity;
        String mismatchTopic;
        String deadLetterTopic;
        Duration pairingWindow;
        Duration maxOutOfOrderness;
        Duration idleness;
        Duration confirmDelay;
        Duration confirmTimeout;
        int confirmCapacity;
        int confirmThreads;
        TableId mismatchTable;
        TableId summaryTable;
        int batchSize;
        Duration flushInterval;
        int sampleMaxChars;
        RedactionMode redactionMode;
        Set<String> sensitiveFields;
        Map<String, EntityRules> entities;
    }
}
