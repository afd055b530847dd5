package io.dualmigrate.config;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The {@code parity:} keys of a migration file: how the parity job splits, compares, confirms and
 * records. The replication job ignores them; both jobs read the same file.
 */
public final class ParityOptions {

    private ParityOptions() {}

    public static final ConfigOption<Integer> RANGE_ROWS =
            ConfigOptions.key("parity.range-rows")
                    .intType()
                    .defaultValue(20_000)
                    .withDescription(
                            "Rows of OLD per key range; ranges are compared in parallel, each by a"
                                    + " row count and checksum computed in both databases.");

    public static final ConfigOption<Integer> LEAF_ROWS =
            ConfigOptions.key("parity.leaf-rows")
                    .intType()
                    .defaultValue(20_000)
                    .withDescription(
                            "A differing range of at most this many rows is compared row by row"
                                    + " (by row hashes, then the differing rows in full); a larger"
                                    + " one is split further.");

    public static final ConfigOption<Integer> SPLIT_FACTOR =
            ConfigOptions.key("parity.split-factor")
                    .intType()
                    .defaultValue(16)
                    .withDescription("Parts a differing range is split into at each step.");

    public static final ConfigOption<Duration> RECHECK_DELAY =
            ConfigOptions.key("parity.recheck-delay")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription(
                            "How long after a difference was seen it is read again on both sides;"
                                    + " longer than the replication lag you accept.");

    public static final ConfigOption<Integer> RECHECK_ATTEMPTS =
            ConfigOptions.key("parity.recheck-attempts")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "Re-checks of a difference whose OLD row keeps changing before it is"
                                    + " reported as transient (changed during the run).");

    public static final ConfigOption<Long> RATE_LIMIT =
            ConfigOptions.key("parity.rate-limit")
                    .longType()
                    .defaultValue(0L)
                    .withDescription(
                            "Maximum rows per second the parity job reads from OLD (the live"
                                    + " primary), over the whole job; 0 means unlimited.");

    public static final ConfigOption<String> RUN_TABLE =
            ConfigOptions.key("parity.run-table")
                    .stringType()
                    .defaultValue("public.dualmigrate_parity_runs")
                    .withDescription(
                            "Table in NEW that receives one row per table per run; created if"
                                    + " absent.");

    public static final ConfigOption<String> DRIFT_TABLE =
            ConfigOptions.key("parity.drift-table")
                    .stringType()
                    .defaultValue("public.dualmigrate_parity_drift")
                    .withDescription(
                            "Table in NEW that receives one row per confirmed difference; created"
                                    + " if absent.");

    /** All parity options; the loader accepts these under {@code parity:}. */
    public static final ConfigOption<Duration> METRICS_LINGER =
            ConfigOptions.key("parity.metrics-linger")
                    .durationType()
                    .defaultValue(Duration.ZERO)
                    .withDescription(
                            "How long the finished job keeps its final metrics (parityPercent,"
                                    + " driftedRows) up before it ends, so that a pull-based"
                                    + " scraper sees them: at least two scrape intervals.");

    public static final List<ConfigOption<?>> ALL =
            List.of(
                    METRICS_LINGER,
                    RANGE_ROWS,
                    LEAF_ROWS,
                    SPLIT_FACTOR,
                    RECHECK_DELAY,
                    RECHECK_ATTEMPTS,
                    RATE_LIMIT,
                    RUN_TABLE,
                    DRIFT_TABLE);
}
