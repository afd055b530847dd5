package io.dualmigrate.demo.shadow;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How often each {@link Scenario} occurs among the generated requests.
 *
 * <p>Written as {@code name=weight,...}, where a name is a scenario ({@code
 * value_mismatch_encoding}) or a category, which splits its weight evenly over its scenarios
 * ({@code value_mismatch=0.07} gives each of the seven causes 0.01). Weights are relative: they
 * need not add up to 1; scenarios not named get none.
 */
public final class ReadMix {

    /** Mostly matches, and every other scenario at least once in a few hundred requests. */
    public static final String DEFAULT =
            "match=0.76,replication_lag=0.06,value_mismatch=0.07,missing_in_new=0.02,"
                    + "unexpected_in_new=0.02,stale_in_new=0.02,ahead_in_new=0.02,"
                    + "read_error=0.02,unpaired=0.01";

    private final Map<Scenario, Double> shares;
    private final Scenario[] order;
    private final double[] cumulative;

    private ReadMix(Map<Scenario, Double> weights) {
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<Scenario, Double> normalised = new EnumMap<>(Scenario.class);
        weights.forEach((s, w) -> normalised.put(s, w / total));
        this.shares = Collections.unmodifiableMap(normalised);
        this.order = normalised.keySet().toArray(new Scenario[0]);
        this.cumulative = new double[order.length];
        double sum = 0;
        for (int i = 0; i < order.length; i++) {
            sum += normalised.get(order[i]);
            cumulative[i] = sum;
        }
    }

    public static ReadMix defaults() {
        return parse(DEFAULT);
    }

    /** Parses {@code name=weight,...}; the message of a bad spec names the part and the fix. */
    public static ReadMix parse(String spec) {
        Map<Scenario, Double> weights = new EnumMap<>(Scenario.class);
        for (String part : spec.split(",")) {
            String item = part.trim();
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "read mix part '" + item + "' is not name=weight, e.g. match=0.9");
            }
            String name = item.substring(0, eq).trim().toUpperCase(Locale.ROOT);
            double weight;
            try {
                weight = Double.parseDouble(item.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "read mix weight of '" + name + "' is not a number: " + item);
            }
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException(
                        "read mix weight of '" + name + "' must be 0 or more: " + item);
            }
            List<Scenario> named = scenariosNamed(name);
            for (Scenario s : named) {
                if (weights.put(s, weight / named.size()) != null) {
                    throw new IllegalArgumentException(
                            "read mix names "
                                    + s.name().toLowerCase(Locale.ROOT)
                                    + " twice (directly or by its category)");
                }
            }
        }
        weights.values().removeIf(w -> w == 0);
        if (weights.isEmpty()) {
            throw new IllegalArgumentException(
                    "read mix '" + spec + "' gives no scenario a weight");
        }
        return new ReadMix(weights);
    }

    /** The share (0..1) of requests that get {@code scenario}. */
    public double share(Scenario scenario) {
        return shares.getOrDefault(scenario, 0.0);
    }

    /** The scenario for a uniform draw {@code u} in [0, 1). */
    Scenario pick(double u) {
        for (int i = 0; i < order.length - 1; i++) {
            if (u < cumulative[i]) {
                return order[i];
            }
        }
        return order[order.length - 1];
    }

    private static List<Scenario> scenariosNamed(String name) {
        for (Scenario s : Scenario.values()) {
            if (s.name().equals(name)) {
                return List.of(s);
            }
        }
        List<Scenario> ofCategory =
                java.util.Arrays.stream(Scenario.values())
                        .filter(s -> s.category().equals(name))
                        .toList();
        if (ofCategory.isEmpty()) {
            throw new IllegalArgumentException(
                    "read mix names '"
                            + name.toLowerCase(Locale.ROOT)
                            + "', which is neither a scenario nor a category; use one of "
                            + java.util.Arrays.toString(Scenario.values())
                                    .toLowerCase(Locale.ROOT));
        }
        return ofCategory;
    }

    @Override
    public String toString() {
        return shares.toString();
    }
}
