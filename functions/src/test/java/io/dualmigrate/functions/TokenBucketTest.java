package io.dualmigrate.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    /** A clock that only moves when the bucket sleeps. */
    private static final class FakeClock implements TokenBucket.Clock {
        long now;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            now += nanos;
        }
    }

    @Test
    void pacesAcquisitionsToTheRate() throws Exception {
        FakeClock clock = new FakeClock();
        TokenBucket bucket = new TokenBucket(100, clock);
        for (int i = 0; i < 1_000; i++) {
            bucket.acquire();
        }
        assertThat(clock.now / 1e9).isBetween(9.9, 10.1);
    }

    @Test
    void idleTimeAllowsABurstOfAtMostOneSecond() throws Exception {
        FakeClock clock = new FakeClock();
        TokenBucket bucket = new TokenBucket(50, clock);
        clock.now += 60_000_000_000L;
        long slept = 0;
        for (int i = 0; i < 50; i++) {
            slept += bucket.acquire();
        }
        assertThat(slept).isZero();
        assertThat(bucket.acquire()).isPositive();
    }

    @Test
    void rejectsANonPositiveRate() {
        assertThatThrownBy(() -> new TokenBucket(0, new FakeClock()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
