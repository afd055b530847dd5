package io.dualmigrate.functions;

/**
 * A blocking token bucket: {@link #acquire()} returns at once while tokens last and otherwise
 * sleeps until the next token is due. Holds at most one second's worth of burst.
 *
 * <p>Plain Java with an injectable clock and sleeper, so tests run without real waiting.
 */
public final class TokenBucket {

    /** Source of nanosecond time and of sleeping; the real one uses the system clock. */
    public interface Clock {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;
    }

    public static final Clock SYSTEM =
            new Clock() {
                @Override
                public long nanoTime() {
                    return System.nanoTime();
                }

                @Override
                public void sleepNanos(long nanos) throws InterruptedException {
                    Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
                }
            };

    private final double tokensPerNano;
    private final double capacity;
    private final Clock clock;
    private double tokens;
    private long last;

    public TokenBucket(double perSecond, Clock clock) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive: " + perSecond);
        }
        this.tokensPerNano = perSecond / 1e9;
        this.capacity = Math.max(1.0, perSecond);
        this.clock = clock;
        this.tokens = 1.0;
        this.last = clock.nanoTime();
    }

    /** Takes one token, sleeping as long as needed; returns the nanoseconds slept. */
    public long acquire() throws InterruptedException {
        refill();
        long slept = 0;
        if (tokens < 1.0) {
            long wait = (long) Math.ceil((1.0 - tokens) / tokensPerNano);
            clock.sleepNanos(wait);
            slept = wait;
            refill();
        }
        tokens = Math.max(0.0, tokens - 1.0);
        return slept;
    }

    private void refill() {
        long now = clock.nanoTime();
        tokens = Math.min(capacity, tokens + (now - last) * tokensPerNano);
        last = now;
    }
}
