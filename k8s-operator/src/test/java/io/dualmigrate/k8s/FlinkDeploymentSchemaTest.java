package io.dualmigrate.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dualmigrate.k8s.Manifests.Document;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every FlinkDeployment, committed and rendered, against the CRD schema of the operator release the
 * manifests target (1.10.0, committed under crds/); and fixtures that must fail, with the offending
 * path in the message.
 */
class FlinkDeploymentSchemaTest {

    private static CrdSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        schema = CrdSchema.load(Manifests.CRD, "v1beta1");
    }

    static Stream<Document> committedDeployments() throws IOException {
        return Manifests.committed().stream().filter(d -> d.kind().equals("FlinkDeployment"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("committedDeployments")
    void committedManifestMatchesTheCrd(Document document) {
        assertThat(schema.validate(document.node())).as(document.toString()).isEmpty();
    }

    @Test
    void everyJobHasACommittedDeployment() throws IOException {
        assertThat(committedDeployments().map(Document::name))
                .contains(
                        "dualmigrate-replication",
                        "dualmigrate-shadow-reads",
                        "dualmigrate-parity");
    }

    @ParameterizedTest(name = "overlays/{0}")
    @MethodSource("io.dualmigrate.k8s.Manifests#overlays")
    void renderedOverlayMatchesTheCrd(String overlay) throws Exception {
        assumeTrue(Manifests.kubectlAvailable(), "kubectl (with kustomize) is not installed");
        List<Document> deployments =
                Manifests.rendered(overlay).stream()
                        .filter(d -> d.kind().equals("FlinkDeployment"))
                        .toList();
        assertThat(deployments).hasSize(3);
        for (Document deployment : deployments) {
            assertThat(schema.validate(deployment.node())).as(deployment.toString()).isEmpty();
        }
    }

    static Stream<Path> invalidFixtures() throws IOException {
        return Files.list(Path.of("src/test/resources/invalid")).sorted();
    }

    /** Each fixture names the path its error must point at in an "# expect: " comment. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFixtures")
    void invalidManifestFailsNamingThePath(Path fixture) {
        String text = Manifests.text(fixture);
        String expectedPath =
                text.lines()
                        .filter(l -> l.startsWith("# expect: "))
                        .map(l -> l.substring("# expect: ".length()).strip())
                        .findFirst()
                        .orElseThrow(
                                () -> new AssertionError(fixture + " has no '# expect:' line"));
        List<String> errors =
                schema.validate(Manifests.read(fixture.toString(), text).get(0).node());
        assertThat(errors)
                .as("errors of %s", fixture)
                .isNotEmpty()
                .anySatisfy(e -> assertThat(e).startsWith(expectedPath + ":"));
    }
}
