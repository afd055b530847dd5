package io.dualmigrate.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Build outputs a standalone cluster needs, found from the project's root folder: the Flink
 * classpath the {@code cluster} module writes, the shaded job jar, and the log settings that keep
 * OLD's password out of Flink's logs.
 *
 * <p>Tests run in a module's folder and the launcher in the root; both find the root by walking up
 * to the folder that holds the {@code dualmigrate} launcher script.
 */
public final class ProjectFiles {

    private final Path root;

    private ProjectFiles(Path root) {
        this.root = root;
    }

    /** The project around the current working directory. */
    public static ProjectFiles find() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("dualmigrate"))
                    && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return new ProjectFiles(dir);
            }
            dir = dir.getParent();
        }
        throw new IOException(
                "not inside the dualmigrate project (no folder above "
                        + Path.of("").toAbsolutePath()
                        + " holds the dualmigrate script)");
    }

    public Path root() {
        return root;
    }

    /** The Flink jars of a standalone cluster, as a path list. */
    public String flinkClasspath() throws IOException {
        Path file = root.resolve("cluster/target/flink-lib/classpath.txt");
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is missing: build with ./mvnw -B -DskipTests package");
        }
        return Files.readString(file).trim();
    }

    /** The shaded job jar ({@code jobs/target/*-job.jar}). */
    public Path jobJar() throws IOException {
        Path target = root.resolve("jobs/target");
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                var jar =
                        files.filter(p -> p.getFileName().toString().endsWith("-job.jar"))
                                .findFirst();
                if (jar.isPresent()) {
                    return jar.get();
                }
            }
        }
        throw new IOException(
                "no job jar in " + target + ": build it with ./mvnw -B -DskipTests package");
    }

    /** Log4j lines every Flink process running dualmigrate jobs should have. */
    public Path log4jSettings() {
        return root.resolve("conf/flink/log4j-dualmigrate.properties");
    }
}
