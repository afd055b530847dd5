package io.dualmigrate.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dualmigrate.config.MigrationConfig;
import io.dualmigrate.config.MigrationConfigLoader;
import io.dualmigrate.config.ShadowConfig;
import io.dualmigrate.config.ShadowConfigLoader;
import io.dualmigrate.k8s.Manifests.Document;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the operations issue asks of every deployment, checked on the base (each job merged with the
 * shared patch the way kustomize merges a custom resource) and on each rendered overlay.
 */
class DeploymentConventionsTest {

    private static final Map<String, String> UPGRADE_MODES =
            Map.of(
                    "dualmigrate-replication", "savepoint",
                    "dualmigrate-shadow-reads", "savepoint",
                    "dualmigrate-parity", "stateless");

    static Stream<String> sources() {
        return Stream.concat(Stream.of("base"), Manifests.overlays());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void everyDeploymentFollowsTheConventions(String source) throws Exception {
        List<Document> deployments = deployments(source);
        assertThat(deployments)
                .extracting(Document::name)
                .hasSameElementsAs(UPGRADE_MODES.keySet());
        for (Document deployment : deployments) {
            JsonNode spec = deployment.node().get("spec");
            String name = deployment.name();
            JsonNode conf = spec.get("flinkConfiguration");

            assertThat(spec.at("/job/upgradeMode").asText())
                    .as(name)
                    .isEqualTo(UPGRADE_MODES.get(name));
            assertThat(conf.path("state.backend.type").asText()).as(name).isEqualTo("rocksdb");
            assertThat(conf.path("state.backend.incremental").asText()).as(name).isEqualTo("true");
            assertThat(conf.path("execution.checkpointing.dir").asText()).as(name).isNotBlank();
            assertThat(conf.path("execution.checkpointing.savepoint-dir").asText())
                    .as(name)
                    .isNotBlank();
            assertThat(conf.path("high-availability.type").asText())
                    .as(name)
                    .isEqualTo("kubernetes");
            assertThat(conf.path("high-availability.storageDir").asText()).as(name).isNotBlank();
            assertThat(spec.at("/jobManager/resource/memory").asText()).as(name).isNotBlank();
            assertThat(spec.at("/taskManager/resource/memory").asText()).as(name).isNotBlank();

            JsonNode container = mainContainer(spec);
            assertThat(prometheusPortExposed(conf, container))
                    .as(name + ": reporter port exposed")
                    .isTrue();
            assertThat(jobClassExists(spec.at("/job/entryClass").asText()))
                    .as(name + " entry class")
                    .isTrue();
            assertThat(spec.at("/job/jarURI").asText())
                    .as(name)
                    .isEqualTo("local://" + imageJarPath());
            assertThat(inlineEnvironment(container))
                    .as(name + ": env values not from Secrets")
                    .isEmpty();
            assertThat(configMounted(spec, container))
                    .as(name + ": --config file mounted from the ConfigMap")
                    .isTrue();
        }
    }

    /** The shipped job configs load, and every password-env they name is set from a Secret. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void jobConfigsLoadAndTheirPasswordsComeFromSecrets(String source) throws Exception {
        String migration = Files.readString(Manifests.file("base/config/migration.yaml"));
        String shadow = Files.readString(Manifests.file("base/config/shadow.yaml"));
        Map<String, String> environment = passwordVariables(migration + shadow);
        MigrationConfig config = new MigrationConfigLoader(environment).parse(migration);
        assertThat(config.tables).isNotEmpty();
        ShadowConfig shadowConfig = new ShadowConfigLoader(environment).parse(shadow);
        assertThat(shadowConfig.topics).isNotEmpty();
        assertThat(environment)
                .containsKeys("OLD_DB_PASSWORD", "NEW_DB_PASSWORD", "KAFKA_PASSWORD");
        for (Document deployment : deployments(source)) {
            assertThat(secretEnvironment(mainContainer(deployment.node().get("spec"))))
                    .as(deployment.name())
                    .containsAll(environment.keySet());
        }
    }

    private static Map<String, String> passwordVariables(String configs) {
        Map<String, String> environment = new HashMap<>();
        Matcher names = Pattern.compile("password-env:\\s*(\\S+)").matcher(configs);
        while (names.find()) {
            environment.put(names.group(1), "from-a-secret");
        }
        return environment;
    }

    private static List<Document> deployments(String source) throws Exception {
        if (!source.equals("base")) {
            assumeTrue(Manifests.kubectlAvailable(), "kubectl (with kustomize) is not installed");
            return Manifests.rendered(source).stream()
                    .filter(d -> d.kind().equals("FlinkDeployment"))
                    .toList();
        }
        JsonNode common =
                Manifests.read(
                                "base/flink-common.yaml",
                                Manifests.text(Manifests.file("base/flink-common.yaml")))
                        .get(0)
                        .node();
        List<Document> merged = new ArrayList<>();
        for (Document document : Manifests.committed()) {
            if (document.kind().equals("FlinkDeployment")
                    && document.source().startsWith("base/")
                    && !document.source().equals("base/flink-common.yaml")) {
                JsonNode node = document.node().deepCopy();
                mergePatch((ObjectNode) node.get("spec"), common.get("spec"));
                merged.add(new Document(document.source(), node));
            }
        }
        return merged;
    }

    /** RFC 7386 merge, which is how kustomize patches a resource it has no schema for. */
    private static void mergePatch(ObjectNode target, JsonNode patch) {
        patch.fields()
                .forEachRemaining(
                        field -> {
                            JsonNode existing = target.get(field.getKey());
                            if (existing instanceof ObjectNode object
                                    && field.getValue().isObject()) {
                                mergePatch(object, field.getValue());
                            } else {
                                target.set(field.getKey(), field.getValue().deepCopy());
                            }
                        });
    }

    private static JsonNode mainContainer(JsonNode spec) {
        for (JsonNode container : spec.at("/podTemplate/spec/containers")) {
            if (container.path("name").asText().equals("flink-main-container")) {
                return container;
            }
        }
        throw new AssertionError("no flink-main-container in the pod template");
    }

    private static boolean prometheusPortExposed(JsonNode conf, JsonNode container) {
        if (!conf.path("metrics.reporter.prom.factory.class")
                .asText()
                .endsWith("PrometheusReporterFactory")) {
            return false;
        }
        int port = Integer.parseInt(conf.path("metrics.reporter.prom.port").asText("-1"));
        for (JsonNode p : container.path("ports")) {
            if (p.path("containerPort").asInt() == port) {
                return true;
            }
        }
        return false;
    }

    private static boolean jobClassExists(String entryClass) {
        return Files.isRegularFile(
                Manifests.ROOT
                        .resolveSibling("jobs/src/main/java")
                        .resolve(entryClass.replace('.', '/') + ".java"));
    }

    /** Where the Dockerfile puts the job jar. */
    private static String imageJarPath() {
        Matcher copy =
                Pattern.compile("(?m)^COPY .*job\\.jar (\\S+)$")
                        .matcher(Manifests.text(Manifests.file("Dockerfile")));
        assertThat(copy.find()).as("Dockerfile copies the job jar").isTrue();
        return copy.group(1);
    }

    private static List<String> inlineEnvironment(JsonNode container) {
        List<String> inline = new ArrayList<>();
        for (JsonNode env : container.path("env")) {
            if (env.has("value") || !env.at("/valueFrom/secretKeyRef").isObject()) {
                inline.add(env.path("name").asText());
            }
        }
        return inline;
    }

    private static List<String> secretEnvironment(JsonNode container) {
        List<String> names = new ArrayList<>();
        for (JsonNode env : container.path("env")) {
            if (env.at("/valueFrom/secretKeyRef").isObject()) {
                names.add(env.path("name").asText());
            }
        }
        return names;
    }

    private static boolean configMounted(JsonNode spec, JsonNode container) {
        List<String> args = new ArrayList<>();
        spec.at("/job/args").forEach(a -> args.add(a.asText()));
        int at = args.indexOf("--config");
        if (at < 0 || at + 1 >= args.size()) {
            return false;
        }
        String configFile = args.get(at + 1);
        for (JsonNode mount : container.path("volumeMounts")) {
            if (configFile.startsWith(mount.path("mountPath").asText() + "/")) {
                String volume = mount.path("name").asText();
                for (JsonNode v : spec.at("/podTemplate/spec/volumes")) {
                    if (v.path("name").asText().equals(volume)
                            && v.at("/configMap/name").asText().equals("dualmigrate-config")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
