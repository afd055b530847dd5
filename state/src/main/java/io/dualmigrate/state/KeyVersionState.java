package io.dualmigrate.state;

import java.util.Objects;

/**
 * What the replication job remembers per (table, primary key): the last applied version and whether
 * that version was a delete.
 *
 * <p>A Flink POJO (public no-arg constructor, public fields), so RocksDB stores it with Flink's own
 * POJO serializer and never falls back to Kryo. Adding a field with a default keeps old savepoints
 * restorable (POJO schema evolution).
 */
public class KeyVersionState {

    /** Version of the last change applied for this key. */
    public long version;

    /** True when the last applied change was a delete: the entry is then a tombstone. */
    public boolean deleted;

    /** Processing time at which a tombstone expires; 0 for live rows. */
    public long tombstoneExpiresAt;

    public KeyVersionState() {}

    public KeyVersionState(long version, boolean deleted, long tombstoneExpiresAt) {
        this.version = version;
        this.deleted = deleted;
        this.tombstoneExpiresAt = tombstoneExpiresAt;
    }

    public static KeyVersionState live(long version) {
        return new KeyVersionState(version, false, 0L);
    }

    public static KeyVersionState tombstone(long version, long expiresAt) {
        return new KeyVersionState(version, true, expiresAt);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KeyVersionState)) {
            return false;
        }
        KeyVersionState that = (KeyVersionState) o;
        return version == that.version
                && deleted == that.deleted
                && tombstoneExpiresAt == that.tombstoneExpiresAt;
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, deleted, tombstoneExpiresAt);
    }

    @Override
    public String toString() {
        return (deleted ? "tombstone@" : "live@") + version;
    }
}
