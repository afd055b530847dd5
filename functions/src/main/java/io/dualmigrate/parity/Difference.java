package io.dualmigrate.parity;

/**
 * A key whose rows differed when its range was compared; the re-check reads it again before it
 * counts. A Flink POJO.
 */
public final class Difference {

    public int table;
    public String[] key;

    /** OLD's canonical values when the difference was seen (null: absent in OLD). */
    public String[] oldValues;

    public long seenAtMillis;

    public Difference() {}

    public Difference(int table, String[] key, String[] oldValues, long seenAt) {
        this.table = table;
        this.key = key;
        this.oldValues = oldValues;
        this.seenAtMillis = seenAt;
    }
}
