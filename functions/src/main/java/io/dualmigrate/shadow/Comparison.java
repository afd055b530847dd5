package io.dualmigrate.shadow;

import io.dualmigrate.config.EntityRules;
import io.dualmigrate.config.ShadowConfig;
import io.dualmigrate.config.ShadowOptions.RedactionMode;
import java.io.Serializable;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the comparing functions need from the configuration: the rules per entity and how to
 * redact, and the one place that turns a classified pair into a {@link ShadowOutcome}.
 */
public final class Comparison implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Map<String, EntityRules> entities;
    private final Set<String> sensitive;
    private final RedactionMode mode;
    private final int sampleMaxChars;
    private transient Map<String, Redactor> redactors;

    public Comparison(
            Map<String, EntityRules> entities,
            Set<String> sensitive,
            RedactionMode mode,
            int sampleMaxChars) {
        this.entities = Map.copyOf(entities);
        this.sensitive = Set.copyOf(sensitive);
        this.mode = mode;
        this.sampleMaxChars = sampleMaxChars;
    }

    public static Comparison of(ShadowConfig config) {
        return new Comparison(
                config.entities,
                config.sensitiveFields,
                config.redactionMode,
                config.sampleMaxChars);
    }

    public EntityRules rules(String entity) {
        EntityRules rules = entities.get(entity);
        return rules != null ? rules : EntityRules.none(entity);
    }

    /** The redactor of one entity: its own sensitive fields and the global ones. */
    public Redactor redactor(String entity) {
        if (redactors == null) {
            redactors = new ConcurrentHashMap<>();
        }
        return redactors.computeIfAbsent(
                entity,
                name -> {
                    Set<String> fields = new HashSet<>(sensitive);
                    fields.addAll(rules(name).sensitive);
                    return new Redactor(fields, mode);
                });
    }

    /** For records whose entity is unknown or unreadable: every sensitive field of every entity. */
    public Redactor deadLetterRedactor() {
        Set<String> fields = new HashSet<>(sensitive);
        entities.values().forEach(e -> fields.addAll(e.sensitive));
        return new Redactor(fields, mode);
    }

    /**
     * The outcome of a classified pair, with the key and samples redacted; a {@code MATCH} is only
     * counted, never written, so it carries neither.
     */
    public ShadowOutcome outcome(
            String requestId,
            String entity,
            String key,
            long eventTime,
            SideRead old,
            SideRead neu,
            Classification classification) {
        ShadowOutcome out = new ShadowOutcome();
        out.requestId = requestId;
        out.entity = entity;
        out.category = classification.category();
        out.initialCategory = classification.category();
        out.confirmation = Confirmation.NONE;
        out.differences = classification.differences().toArray(new FieldDifference[0]);
        out.eventTime = eventTime;
        out.detectedAt = System.currentTimeMillis();
        if (old != null) {
            out.oldVersion = old.version;
            out.oldError = old.error;
        }
        if (neu != null) {
            out.newVersion = neu.version;
            out.newError = neu.error;
        }
        if (classification.category() != Category.MATCH) {
            Redactor redactor = redactor(entity);
            out.key = redactor.redact(Classifier.tree(key)).toString();
            out.oldSample = old == null ? null : redactor.sample(old.payload, sampleMaxChars);
            out.newSample = neu == null ? null : redactor.sample(neu.payload, sampleMaxChars);
        }
        return out;
    }
}
