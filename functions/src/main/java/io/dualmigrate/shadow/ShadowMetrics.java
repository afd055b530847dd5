package io.dualmigrate.shadow;

import org.apache.flink.metrics.MetricGroup;

/**
 * Names of the shadow-read job's metrics, all under the group {@code shadow}; listed with their
 * Prometheus names in {@code docs/shadow-reads.md}, which dashboards and alerts rely on.
 */
public final class ShadowMetrics {

    public static final String GROUP = "shadow";

    /** Key of the key-value group that becomes the Prometheus label {@code category}. */
    public static final String CATEGORY = "category";

    public static final String PAIRS = "pairs";
    public static final String MATCHES = "matches";
    public static final String MISMATCHES = "mismatches";
    public static final String UNPAIRED = "unpaired";
    public static final String MATCH_RATE = "matchRate";
    public static final String LATE = "late";
    public static final String DUPLICATES = "duplicates";
    public static final String MALFORMED = "malformed";
    public static final String REREADS = "rereads";
    public static final String REREAD_FAILURES = "rereadFailures";

    private ShadowMetrics() {}

    public static MetricGroup group(MetricGroup operator) {
        return operator.addGroup(GROUP);
    }
}
