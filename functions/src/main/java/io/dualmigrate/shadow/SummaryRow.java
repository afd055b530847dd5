package io.dualmigrate.shadow;

/**
 * One row of the per-minute summary: how many requests of one entity fell into one category in one
 * minute of event time, with the entity's totals for that minute beside it.
 */
public class SummaryRow {

    public long windowStart;
    public String entity;
    public Category category;
    public long count;

    /** The entity's minute: paired requests, matches, mismatches (lag excluded), match rate. */
    public long pairs;

    public long matches;
    public long mismatches;
    public long replicationLag;

    /** matches / (pairs − replication lag); null when nothing was compared. */
    public Double matchRate;

    public SummaryRow() {}

    @Override
    public String toString() {
        return windowStart + " " + entity + " " + category + "=" + count;
    }
}
