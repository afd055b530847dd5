package io.dualmigrate.shadow;

import java.util.Objects;

/**
 * One differing field of a pair: its path in the payload ({@code lines[2].price}) and the cause.
 *
 * <p>A POJO, so that outcomes travel and sit in state without Kryo; it holds no values, only where
 * and why, so it can never carry a sensitive value.
 */
public class FieldDifference {

    public String path;
    public Cause cause;

    public FieldDifference() {}

    public FieldDifference(String path, Cause cause) {
        this.path = path;
        this.cause = cause;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldDifference
                && Objects.equals(path, ((FieldDifference) o).path)
                && cause == ((FieldDifference) o).cause;
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, cause);
    }

    @Override
    public String toString() {
        return path + ":" + cause;
    }
}
