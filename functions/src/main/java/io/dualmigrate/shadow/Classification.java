package io.dualmigrate.shadow;

import java.util.List;

/** The category of a pair and, for a value mismatch, each differing field with its cause. */
public record Classification(Category category, List<FieldDifference> differences) {

    static Classification of(Category category) {
        return new Classification(category, List.of());
    }
}
