package io.dualmigrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fails the build when a test class matches neither tier: Surefire runs only {@code *Test}, and
 * Failsafe only {@code *ITCase}, so a test named otherwise would silently never run.
 */
class TestNamingTest {

    @Test
    void everyTestClassIsNamedForItsTier() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> misnamed;
        try (Stream<Path> files = Files.walk(root)) {
            misnamed =
                    files.filter(p -> p.toString().contains("/src/test/java/"))
                            .filter(p -> p.toString().endsWith(".java"))
                            .filter(TestNamingTest::declaresTests)
                            .filter(
                                    p -> {
                                        String name = p.getFileName().toString();
                                        return !name.endsWith("Test.java")
                                                && !name.endsWith("ITCase.java");
                                    })
                            .map(p -> root.relativize(p).toString())
                            .collect(Collectors.toList());
        }
        assertThat(misnamed).as("test classes named neither *Test nor *ITCase").isEmpty();
    }

    private static boolean declaresTests(Path file) {
        try {
            String text = Files.readString(file);
            return text.contains("@Test") || text.contains("@ParameterizedTest");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
