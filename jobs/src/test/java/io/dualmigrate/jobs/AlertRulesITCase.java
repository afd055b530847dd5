package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualmigrate.testkit.PrometheusInstall;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alert rules pass {@code promtool check rules} and their unit tests ({@code promtool test
 * rules}); every alert has a unit test and a runbook entry in docs/operations.md.
 */
class AlertRulesITCase {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path RULES = ROOT.resolve("conf/prometheus/dualmigrate-alerts.yml");
    private static final Path TESTS =
            ROOT.resolve("conf/prometheus/tests/dualmigrate-alerts.test.yml");

    @BeforeAll
    static void promtool() {
        PrometheusInstall.ensure();
    }

    @Test
    void rulesAreValid() throws Exception {
        assertThat(promtool("check", "rules", RULES.toString())).contains("SUCCESS");
    }

    @Test
    void ruleUnitTestsPass() throws Exception {
        assertThat(promtool("test", "rules", TESTS.toString())).contains("SUCCESS");
    }

    @Test
    void everyAlertHasAUnitTestAndARunbookEntry() throws Exception {
        List<String> alerts = alerts();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(7);
        String tests = Files.readString(TESTS);
        String runbook = Files.readString(ROOT.resolve("docs/operations.md"));
        for (String alert : alerts) {
            assertThat(tests).as("unit test of " + alert).contains("alertname: " + alert + "\n");
            assertThat(runbook)
                    .as("runbook entry of " + alert)
                    .containsPattern("(?m)^#+ " + alert + "$");
            assertThat(Files.readString(RULES))
                    .as("runbook link of " + alert)
                    .contains("docs/operations.md#" + alert.toLowerCase(Locale.ROOT));
        }
    }

    private static List<String> alerts() throws Exception {
        Matcher m = Pattern.compile("(?m)^\\s+- alert: (\\S+)$").matcher(Files.readString(RULES));
        List<String> alerts = new ArrayList<>();
        while (m.find()) {
            alerts.add(m.group(1));
        }
        return alerts;
    }

    private static String promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PrometheusInstall.PROMTOOL));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
