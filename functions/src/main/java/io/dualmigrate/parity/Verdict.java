package io.dualmigrate.parity;

import java.util.List;

/** The comparison of one key: its kind and, for value differences, the NEW columns that differ. */
public record Verdict(DriftKind kind, List<String> fields) {

    static Verdict of(DriftKind kind) {
        return new Verdict(kind, List.of());
    }
}
