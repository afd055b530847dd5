package io.dualmigrate.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualmigrate.config.EntityRules;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassifierTest {

    private static final EntityRules EXACT = EntityRules.none("e");

    private static SideRead found(Long version, String payload) {
        return new SideRead(
                true, version, ReadLogParser.canonical(Classifier.tree(payload)), null, null);
    }

    private static SideRead absent() {
        return new SideRead(false, null, null, null, null);
    }

    private static Classification classify(String old, String neu, EntityRules rules) {
        return Classifier.classify(found(null, old), found(null, neu), rules);
    }

    // ---- categories

    @Test
    void equalPayloadsMatch() {
        assertThat(classify("{\"a\":1,\"b\":[1,2]}", "{\"b\":[1,2],\"a\":1.0}", EXACT).category())
                .isEqualTo(Category.MATCH);
    }

    @Test
    void absentOnBothSidesMatches() {
        assertThat(Classifier.classify(absent(), absent(), EXACT).category())
                .isEqualTo(Category.MATCH);
    }

    @Test
    void foundOnlyInOldIsMissingInNew() {
        assertThat(Classifier.classify(found(1L, "{}"), absent(), EXACT).category())
                .isEqualTo(Category.MISSING_IN_NEW);
    }

    @Test
    void foundOnlyInNewIsUnexpected() {
        assertThat(Classifier.classify(absent(), found(1L, "{}"), EXACT).category())
                .isEqualTo(Category.UNEXPECTED_IN_NEW);
    }

    @Test
    void olderVersionInNewIsStaleAndNewerIsAhead() {
        assertThat(Classifier.classify(found(5L, "{}"), found(4L, "{}"), EXACT).category())
                .isEqualTo(Category.STALE_IN_NEW);
        assertThat(Classifier.classify(found(5L, "{}"), found(6L, "{}"), EXACT).category())
                .isEqualTo(Category.AHEAD_IN_NEW);
    }

    @Test
    void equalVersionsComparePayloads() {
        Classification c =
                Classifier.classify(found(5L, "{\"a\":1}"), found(5L, "{\"a\":2}"), EXACT);
        assertThat(c.category()).isEqualTo(Category.VALUE_MISMATCH);
        assertThat(c.differences()).containsExactly(new FieldDifference("a", Cause.OTHER));
    }

    @Test
    void anErrorOnEitherSideIsReadError() {
        SideRead failed = new SideRead(false, null, null, "timeout after 50 ms", null);
        assertThat(Classifier.classify(found(1L, "{}"), failed, EXACT).category())
                .isEqualTo(Category.READ_ERROR);
        assertThat(Classifier.classify(failed, absent(), EXACT).category())
                .isEqualTo(Category.READ_ERROR);
    }

    @Test
    void onlyDataDifferencesAreConfirmable() {
        assertThat(Category.VALUE_MISMATCH.confirmable()).isTrue();
        assertThat(Category.MISSING_IN_NEW.confirmable()).isTrue();
        assertThat(Category.READ_ERROR.confirmable()).isFalse();
        assertThat(Category.UNPAIRED.confirmable()).isFalse();
        assertThat(Category.MATCH.confirmable()).isFalse();
    }

    // ---- causes, with exact comparison

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"t\":\"2024-05-01T12:00:00.123456Z\"}|{\"t\":\"2024-05-01T12:00:00.123Z\"}|TIMESTAMP_PRECISION",
                "{\"t\":\"2024-05-01T12:00:00Z\"}|{\"t\":\"2024-05-01 14:00:00+02\"}|TIMESTAMP_PRECISION",
                "{\"t\":\"2024-05-01T12:00:00Z\"}|{\"t\":\"2024-05-01T12:00:01Z\"}|OTHER",
                "{\"s\":\"Café\"}|{\"s\":\"Cafe\u0301\"}|ENCODING",
                "{\"s\":\"Café\"}|{\"s\":\"CafÃ©\"}|ENCODING",
                "{\"n\":10.125}|{\"n\":10.13}|NUMERIC_PRECISION",
                "{\"n\":0.30000000000000004}|{\"n\":0.3}|NUMERIC_PRECISION",
                "{\"n\":5}|{\"n\":7}|OTHER",
                "{\"n\":\"1.50\"}|{\"n\":\"1.5\"}|NUMERIC_PRECISION",
                "{\"n\":\"1\"}|{\"n\":1}|TYPE",
                "{\"b\":\"true\"}|{\"b\":true}|TYPE",
                "{\"s\":null}|{\"s\":\"\"}|NULL_VS_EMPTY",
                "{\"s\":[]}|{}|NULL_VS_EMPTY",
                "{\"s\":null}|{}|NULL_VS_EMPTY",
                "{\"s\":\"x\"}|{}|OTHER",
                "{\"s\":\"abc\"}|{\"s\":\"abd\"}|OTHER",
            })
    void diagnosesTheCauseOfEachField(String old, String neu, Cause expected) {
        Classification c = classify(old, neu, EXACT);
        assertThat(c.category()).isEqualTo(Category.VALUE_MISMATCH);
        assertThat(c.differences()).hasSize(1);
        assertThat(c.differences().get(0).cause).isEqualTo(expected);
    }

    @Test
    void sameElementsInAnotherOrderIsOrdering() {
        Classification c = classify("{\"tags\":[\"a\",\"b\"]}", "{\"tags\":[\"b\",\"a\"]}", EXACT);
        assertThat(c.differences()).containsExactly(new FieldDifference("tags", Cause.ORDERING));
    }

    @Test
    void nestedPathsAndArrayIndexesNameTheField() {
        Classification c =
                classify(
                        "{\"address\":{\"city\":\"Oslo\",\"zip\":\"0150\"},"
                                + "\"lines\":[{\"sku\":\"a\",\"price\":1.5},{\"sku\":\"b\",\"price\":2}]}",
                        "{\"address\":{\"city\":\"Bergen\",\"zip\":\"0150\"},"
                                + "\"lines\":[{\"sku\":\"a\",\"price\":1.5},{\"sku\":\"b\",\"price\":\"2\"}]}",
                        EXACT);
        assertThat(c.differences())
                .containsExactly(
                        new FieldDifference("address.city", Cause.OTHER),
                        new FieldDifference("lines[1].price", Cause.TYPE));
    }

    // ---- normalisation rules: each makes its difference disappear, and only it

    private static EntityRules rules(
            Set<String> ignore,
            Map<String, String> rename,
            ChronoUnit precision,
            Integer scale,
            BigDecimal tolerance,
            Normalizer.Form form,
            Set<String> caseInsensitive,
            Set<String> unordered,
            boolean nullEqualsEmpty) {
        return new EntityRules(
                "e",
                ignore,
                rename,
                precision,
                scale,
                tolerance,
                form,
                caseInsensitive,
                unordered,
                nullEqualsEmpty,
                Set.of(),
                null);
    }

    private static void ruleMakesEqual(String old, String neu, EntityRules rule) {
        assertThat(classify(old, neu, EXACT).category()).isEqualTo(Category.VALUE_MISMATCH);
        assertThat(classify(old, neu, rule).category()).isEqualTo(Category.MATCH);
    }

    @Test
    void ignoredFieldsAreRemovedAlsoWhenNested() {
        EntityRules rule =
                rules(
                        Set.of("updated_at", "meta.etag"),
                        Map.of(),
                        null,
                        null,
                        null,
                        null,
                        Set.of(),
                        Set.of(),
                        false);
        ruleMakesEqual(
                "{\"a\":1,\"updated_at\":1,\"meta\":{\"etag\":\"x\",\"v\":1}}",
                "{\"a\":1,\"updated_at\":2,\"meta\":{\"etag\":\"y\",\"v\":1}}",
                rule);
        assertThat(classify("{\"meta\":{\"v\":1}}", "{\"meta\":{\"v\":2}}", rule).differences())
                .containsExactly(new FieldDifference("meta.v", Cause.OTHER));
    }

    @Test
    void renamedFieldsOfOldTakeNewNames() {
        EntityRules rule =
                rules(
                        Set.of(),
                        Map.of("full_name", "name", "address.street_name", "street"),
                        null,
                        null,
                        null,
                        null,
                        Set.of(),
                        Set.of(),
                        false);
        ruleMakesEqual(
                "{\"full_name\":\"Ann\",\"address\":{\"street_name\":\"Main\"}}",
                "{\"name\":\"Ann\",\"address\":{\"street\":\"Main\"}}",
                rule);
        // NEW's payload is never renamed.
        assertThat(classify("{\"name\":\"Ann\"}", "{\"full_name\":\"Ann\"}", rule).category())
                .isEqualTo(Category.VALUE_MISMATCH);
    }

    @Test
    void timestampsAreTruncatedToThePrecision() {
        EntityRules rule =
                rules(
                        Set.of(),
                        Map.of(),
                        ChronoUnit.MILLIS,
                        null,
                        null,
                        null,
                        Set.of(),
                        Set.of(),
                        false);
        ruleMakesEqual(
                "{\"t\":\"2024-05-01T12:00:00.123456Z\"}",
                "{\"t\":\"2024-05-01 14:00:00.123+02:00\"}",
                rule);
        assertThat(
                        classify(
                                        "{\"t\":\"2024-05-01T12:00:00.123Z\"}",
                                        "{\"t\":\"2024-05-01T12:00:00.124Z\"}",
                                        rule)
                                .category())
                .isEqualTo(Category.VALUE_MISMATCH);
    }

    @Test
    void numbersAreRoundedToTheScale() {
        EntityRules rule =
                rules(Set.of(), Map.of(), null, 2, null, null, Set.of(), Set.of(), false);
        ruleMakesEqual("{\"n\":10.125}", "{\"n\":10.13}", rule);
        assertThat(classify("{\"n\":10.12}", "{\"n\":10.13}", rule).category())
                .isEqualTo(Category.VALUE_MISMATCH);
    }

    @Test
    void numbersWithinTheToleranceAreEqual() {
        EntityRules rule =
                rules(
                        Set.of(),
                        Map.of(),
                        null,
                        null,
                        new BigDecimal("0.01"),
                        null,
                        Set.of(),
                        Set.of(),
                        false);
        ruleMakesEqual("{\"n\":[1.000,2.5]}", "{\"n\":[1.009,2.5]}", rule);
        assertThat(classify("{\"n\":1.000}", "{\"n\":1.02}", rule).category())
                .isEqualTo(Category.VALUE_MISMATCH);
    }

    @Test
    void stringsAreBroughtToTheUnicodeForm() {
        EntityRules rule =
                rules(
                        Set.of(),
                        Map.of(),
                        null,
                        null,
                        null,
                        Normalizer.Form.NFC,
                        Set.of(),
                        Set.of(),
                        false);
        ruleMakesEqual("{\"s\":\"Café\"}", "{\"s\":\"Cafe\u0301\"}", rule);
    }

    @Test
    void caseInsensitiveFieldsIgnoreCaseOthersDoNot() {
        EntityRules rule =
                rules(
                        Set.of(),
                        Map.of(),
                        null,
                        null,
                        null,
                        null,
                        Set.of("contact.email"),
                        Set.of(),
                        false);
        ruleMakesEqual(
                "{\"contact\":{\"email\":\"Ann@Example.com\"}}",
                "{\"contact\":{\"email\":\"ann@example.com\"}}",
                rule);
        assertThat(classify("{\"name\":\"Ann\"}", "{\"name\":\"ann\"}", rule).category())
                .isEqualTo(Category.VALUE_MISMATCH);
    }

    @Test
    void unorderedArraysCompareAsMultisetsAlsoInsideArrays() {
        EntityRules rule =
                rules(
                        Set.of(),
                        Map.of(),
                        null,
                        null,
                        null,
                        null,
                        Set.of(),
                        Set.of("tags", "lines.codes"),
                        false);
        ruleMakesEqual(
                "{\"tags\":[\"b\",\"a\"],\"lines\":[{\"codes\":[2,1]}]}",
                "{\"tags\":[\"a\",\"b\"],\"lines\":[{\"codes\":[1,2]}]}",
                rule);
        assertThat(classify("{\"tags\":[\"a\",\"a\"]}", "{\"tags\":[\"a\"]}", rule).category())
                .isEqualTo(Category.VALUE_MISMATCH);
    }

    @Test
    void nullEqualsEmptyOrMissing() {
        EntityRules rule =
                rules(Set.of(), Map.of(), null, null, null, null, Set.of(), Set.of(), true);
        ruleMakesEqual(
                "{\"a\":null,\"b\":\"\",\"c\":[],\"d\":{\"e\":null},\"x\":1}",
                "{\"x\":1,\"b\":null}",
                rule);
        assertThat(classify("{\"a\":null}", "{\"a\":0}", rule).category())
                .isEqualTo(Category.VALUE_MISMATCH);
    }
}
