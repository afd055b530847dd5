package io.dualmigrate.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import io.dualmigrate.config.EntityRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Decides the {@link Category} of a pair of answers and, for a value mismatch, the path and cause
 * of every differing field.
 *
 * <p>In this order: a side that failed is {@code READ_ERROR}; found in OLD only is {@code
 * MISSING_IN_NEW}, in NEW only {@code UNEXPECTED_IN_NEW}, in neither {@code MATCH}; when both sides
 * carry versions and they differ, {@code STALE_IN_NEW} or {@code AHEAD_IN_NEW}; otherwise the
 * normalised payloads decide between {@code MATCH} and {@code VALUE_MISMATCH}. Causes are diagnosed
 * from the normalised values: see {@link Cause}.
 */
public final class Classifier {

    private static final BigDecimal FLOAT_ERROR = new BigDecimal("1e-9");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private Classifier() {}

    public static Classification classify(SideRead old, SideRead neu, EntityRules rules) {
        if (old.error != null || neu.error != null) {
            return Classification.of(Category.READ_ERROR);
        }
        if (!old.found || !neu.found) {
            if (old.found) {
                return Classification.of(Category.MISSING_IN_NEW);
            }
            return Classification.of(neu.found ? Category.UNEXPECTED_IN_NEW : Category.MATCH);
        }
        if (old.version != null && neu.version != null && !old.version.equals(neu.version)) {
            return Classification.of(
                    neu.version < old.version ? Category.STALE_IN_NEW : Category.AHEAD_IN_NEW);
        }
        if (rules.rename.isEmpty() && old.payload.equals(neu.payload)) {
            // Canonical JSON on both sides and the same rules for both: equal text is a match.
            return Classification.of(Category.MATCH);
        }
        List<FieldDifference> differences =
                differences(
                        PayloadNormalizer.normalize(tree(old.payload), rules, true),
                        PayloadNormalizer.normalize(tree(neu.payload), rules, false),
                        rules.numericTolerance);
        return differences.isEmpty()
                ? Classification.of(Category.MATCH)
                : new Classification(Category.VALUE_MISMATCH, differences);
    }

    static JsonNode tree(String json) {
        try {
            return ReadLogParser.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("payloads in state are always valid JSON", e);
        }
    }

    /** Every differing field of two normalised payloads. */
    static List<FieldDifference> differences(JsonNode old, JsonNode neu, BigDecimal tolerance) {
        List<FieldDifference> out = new ArrayList<>();
        compare(old, neu, "", tolerance, out);
        return out;
    }

    private static void compare(
            JsonNode a, JsonNode b, String path, BigDecimal tolerance, List<FieldDifference> out) {
        if (equal(a, b, tolerance)) {
            return;
        }
        if (a != null && b != null && a.isObject() && b.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                compare(
                        a.get(name),
                        b.get(name),
                        path.isEmpty() ? name : path + "." + name,
                        tolerance,
                        out);
            }
            return;
        }
        if (a != null && b != null && a.isArray() && b.isArray() && a.size() == b.size()) {
            if (sameElements(a, b)) {
                out.add(new FieldDifference(path, Cause.ORDERING));
                return;
            }
            for (int i = 0; i < a.size(); i++) {
                compare(a.get(i), b.get(i), path + "[" + i + "]", tolerance, out);
            }
            return;
        }
        out.add(new FieldDifference(path, cause(a, b)));
    }

    static boolean equal(JsonNode a, JsonNode b, BigDecimal tolerance) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return PayloadNormalizer.numbersEqual(a.decimalValue(), b.decimalValue(), tolerance);
        }
        if (a.getNodeType() != b.getNodeType() || a.size() != b.size()) {
            return false;
        }
        if (a.isObject()) {
            for (var it = a.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!equal(a.get(name), b.get(name), tolerance)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray()) {
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i), tolerance)) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** The cause of one differing value; either side may be missing (null). */
    static Cause cause(JsonNode a, JsonNode b) {
        boolean aAbsent = a == null || a.isNull();
        boolean bAbsent = b == null || b.isNull();
        if (aAbsent || bAbsent) {
            boolean otherEmpty =
                    (aAbsent || PayloadNormalizer.nullOrEmpty(a))
                            && (bAbsent || PayloadNormalizer.nullOrEmpty(b));
            return otherEmpty ? Cause.NULL_VS_EMPTY : Cause.OTHER;
        }
        if (PayloadNormalizer.nullOrEmpty(a) && PayloadNormalizer.nullOrEmpty(b)) {
            return Cause.NULL_VS_EMPTY;
        }
        if (a.getNodeType() != b.getNodeType()) {
            return Cause.TYPE;
        }
        if (a.isNumber()) {
            return closeNumbers(a.decimalValue(), b.decimalValue())
                    ? Cause.NUMERIC_PRECISION
                    : Cause.OTHER;
        }
        if (a.isTextual()) {
            return textCause(a.asText(), b.asText());
        }
        if (a.isArray() && a.size() == b.size() && sameElements(a, b)) {
            return Cause.ORDERING;
        }
        return Cause.OTHER;
    }

    private static Cause textCause(String a, String b) {
        Timestamps.Parsed ta = Timestamps.parse(a);
        Timestamps.Parsed tb = ta == null ? null : Timestamps.parse(b);
        if (ta != null && tb != null) {
            long unit = Timestamps.unitNanos(Math.min(ta.fractionDigits(), tb.fractionDigits()));
            long apart = Math.abs(java.time.Duration.between(ta.instant(), tb.instant()).toNanos());
            return apart < unit ? Cause.TIMESTAMP_PRECISION : Cause.OTHER;
        }
        if (Normalizer.normalize(a, Normalizer.Form.NFKC)
                        .equals(Normalizer.normalize(b, Normalizer.Form.NFKC))
                || mojibake(a, b)
                || mojibake(b, a)) {
            return Cause.ENCODING;
        }
        BigDecimal na = decimal(a);
        BigDecimal nb = na == null ? null : decimal(b);
        if (na != null && nb != null && closeNumbers(na, nb)) {
            return Cause.NUMERIC_PRECISION;
        }
        return Cause.OTHER;
    }

    /** True when {@code garbled} is {@code text}'s UTF-8 bytes read as Latin-1 or Windows-1252. */
    private static boolean mojibake(String text, String garbled) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return utf8.length != text.length()
                && (garbled.equals(new String(utf8, StandardCharsets.ISO_8859_1))
                        || garbled.equals(new String(utf8, WINDOWS_1252)));
    }

    /** Equal at the smaller of the two scales (rounded or cut), or within float error. */
    private static boolean closeNumbers(BigDecimal a, BigDecimal b) {
        int scale =
                Math.max(
                        0,
                        Math.min(a.stripTrailingZeros().scale(), b.stripTrailingZeros().scale()));
        for (RoundingMode mode : new RoundingMode[] {RoundingMode.HALF_UP, RoundingMode.DOWN}) {
            if (a.setScale(scale, mode).compareTo(b.setScale(scale, mode)) == 0) {
                return true;
            }
        }
        BigDecimal largest = a.abs().max(b.abs());
        return a.subtract(b).abs().compareTo(largest.multiply(FLOAT_ERROR)) <= 0;
    }

    private static BigDecimal decimal(String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean sameElements(JsonNode a, JsonNode b) {
        List<String> left = new ArrayList<>();
        List<String> right = new ArrayList<>();
        a.forEach(e -> left.add(e.toString()));
        b.forEach(e -> right.add(e.toString()));
        left.sort(null);
        right.sort(null);
        return left.equals(right);
    }
}
