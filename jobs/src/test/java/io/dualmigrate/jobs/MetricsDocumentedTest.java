package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every metric the jobs register is in the metrics reference of docs/operations.md: names given as
 * literals to {@code counter/gauge/histogram/meter}, and the name constants of the {@code *Metrics}
 * classes.
 */
class MetricsDocumentedTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern REGISTRATION =
            Pattern.compile("\\.(?:counter|gauge|histogram|meter)\\(\\s*\"([A-Za-z0-9_]+)\"");
    private static final Pattern CONSTANT =
            Pattern.compile("static final String [A-Z_]+ = \"([A-Za-z0-9_]+)\";");

    @Test
    void everyRegisteredMetricIsDocumented() throws IOException {
        Set<String> registered = registeredMetrics();
        assertThat(registered).as("metrics found in the sources").hasSizeGreaterThan(10);
        String reference = Files.readString(ROOT.resolve("docs/operations.md"));
        assertThat(registered)
                .allSatisfy(name -> assertThat(reference).as(name).contains("`" + name + "`"));
    }

    private static Set<String> registeredMetrics() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String module : List.of("functions", "jobs")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(file);
                    Matcher m = REGISTRATION.matcher(source);
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                    if (file.getFileName().toString().endsWith("Metrics.java")) {
                        Matcher c = CONSTANT.matcher(source);
                        while (c.find()) {
                            names.add(c.group(1));
                        }
                    }
                }
            }
        }
        return names;
    }
}
