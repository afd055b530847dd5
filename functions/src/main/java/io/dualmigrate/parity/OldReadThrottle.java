package io.dualmigrate.parity;

import io.dualmigrate.functions.TokenBucket;

/**
 * Holds the rows a subtask reads from OLD (the live primary) to its share of {@code
 * parity.rate-limit}; unlimited when the limit is 0.
 */
final class OldReadThrottle {

    private final TokenBucket bucket;
    private long throttledNanos;

    OldReadThrottle(long rowsPerSecond, int parallelism) {
        this.bucket =
                rowsPerSecond <= 0
                        ? null
                        : new TokenBucket(
                                Math.max(1.0, (double) rowsPerSecond / parallelism),
                                TokenBucket.SYSTEM);
    }

    /** Waits until {@code rows} more rows may be read. */
    void acquire(long rows) throws InterruptedException {
        if (bucket == null) {
            return;
        }
        for (long i = 0; i < rows; i++) {
            throttledNanos += bucket.acquire();
        }
    }

    long throttledMillis() {
        return throttledNanos / 1_000_000;
    }
}
