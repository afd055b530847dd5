package io.dualmigrate.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The k8s-operator folder's manifests: every YAML document, and kustomize's rendered output. */
final class Manifests {

    /** The module's folder (Maven runs tests there). */
    static final Path ROOT = Path.of("").toAbsolutePath();

    static final Path CRD =
            ROOT.resolve(
                    "crds/flink-kubernetes-operator-1.10.0/flinkdeployments.flink.apache.org-v1.yml");

    static final List<String> OVERLAYS = List.of("dev", "prod");

    static Stream<String> overlays() {
        return OVERLAYS.stream();
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Manifests() {}

    /** A YAML document and where it came from. */
    record Document(String source, JsonNode node) {
        String kind() {
            return node.path("kind").asText();
        }

        String name() {
            return node.at("/metadata/name").asText();
        }

        @Override
        public String toString() {
            return source + " (" + kind() + " " + name() + ")";
        }
    }

    /** Every document of every YAML file under base/, overlays/ and teardown/. */
    static List<Document> committed() throws IOException {
        List<Document> documents = new ArrayList<>();
        for (String folder : List.of("base", "overlays", "teardown")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(folder))) {
                for (Path file : files.filter(Manifests::isManifest).sorted().toList()) {
                    documents.addAll(
                            read(ROOT.relativize(file).toString(), Files.readString(file)));
                }
            }
        }
        return documents;
    }

    /** The output of {@code kubectl kustomize overlays/<overlay>}. */
    static List<Document> rendered(String overlay) throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder("kubectl", "kustomize", "overlays/" + overlay)
                        .directory(ROOT.toFile())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(
                    "kubectl kustomize overlays/" + overlay + ":\n" + output);
        }
        return read("overlays/" + overlay + " (rendered)", output);
    }

    static boolean kubectlAvailable() {
        try {
            Process process =
                    new ProcessBuilder("kubectl", "version", "--client")
                            .redirectErrorStream(true)
                            .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static List<Document> read(String source, String yaml) {
        List<Document> documents = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            for (JsonNode node : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (node != null && !node.isEmpty()) {
                    documents.add(new Document(source, node));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(source + " is not valid YAML", e);
        }
        return documents;
    }

    static Path file(String relative) {
        return ROOT.resolve(relative);
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** YAML files, except the job configs that kustomize puts into the ConfigMap. */
    private static boolean isManifest(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file)
                && !file.getParent().endsWith("config")
                && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }
}
