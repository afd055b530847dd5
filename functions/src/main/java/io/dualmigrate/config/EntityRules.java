package io.dualmigrate.config;

import java.io.Serializable;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;

/**
 * How the shadow-read job compares one entity's two answers: which differences are expected (schema
 * changes, precision, encoding, ordering) and which fields are sensitive.
 *
 * <p>Field names are dotted paths into the payload ({@code address.city}); a path through an array
 * applies to every element ({@code lines.price}). A rule that is not set does nothing, so {@link
 * #none(String)} compares payloads exactly.
 */
public final class EntityRules implements Serializable {

    private static final long serialVersionUID = 1L;

    public final String name;
    public final Set<String> ignore;

    /** OLD path → NEW name: OLD's payload is renamed before comparing. */
    public final Map<String, String> rename;

    /** Timestamps are truncated to this unit; null leaves them as they are. */
    public final ChronoUnit timestampPrecision;

    /** Numbers are rounded half-up to this many decimals; null leaves them as they are. */
    public final Integer numericScale;

    /** Numbers at most this far apart are equal; null means exact. */
    public final BigDecimal numericTolerance;

    /** Every string is brought to this form; null leaves strings as they are. */
    public final Normalizer.Form unicodeForm;

    public final Set<String> caseInsensitive;
    public final Set<String> unorderedArrays;
    public final boolean nullEqualsEmpty;

    /** Sensitive fields of this entity, besides the global ones. */
    public final Set<String> sensitive;

    /** Re-read queries; null when this entity is not confirmed by re-reading. */
    public final RereadQueries reread;

    public EntityRules(
            String name,
            Set<String> ignore,
            Map<String, String> rename,
            ChronoUnit timestampPrecision,
            Integer numericScale,
            BigDecimal numericTolerance,
            Normalizer.Form unicodeForm,
            Set<String> caseInsensitive,
            Set<String> unorderedArrays,
            boolean nullEqualsEmpty,
            Set<String> sensitive,
            RereadQueries reread) {
        this.name = name;
        this.ignore = Set.copyOf(ignore);
        this.rename = Map.copyOf(rename);
        this.timestampPrecision = timestampPrecision;
        this.numericScale = numericScale;
        this.numericTolerance = numericTolerance;
        this.unicodeForm = unicodeForm;
        this.caseInsensitive = Set.copyOf(caseInsensitive);
        this.unorderedArrays = Set.copyOf(unorderedArrays);
        this.nullEqualsEmpty = nullEqualsEmpty;
        this.sensitive = Set.copyOf(sensitive);
        this.reread = reread;
    }

    /** Rules that compare an entity exactly, for entities the file does not list. */
    public static EntityRules none(String name) {
        return new EntityRules(
                name, Set.of(), Map.of(), null, null, null, null, Set.of(), Set.of(), false,
                Set.of(), null);
    }
}
