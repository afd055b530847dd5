package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard's structure, offline (no Grafana server runs here): what Grafana needs to
 * import it, and a panel for every signal a phase change is decided on. {@link MonitoringITCase}
 * checks its expressions against live data.
 */
class DashboardTest {

    private static JsonNode dashboard;

    @BeforeAll
    static void load() throws Exception {
        dashboard =
                new ObjectMapper()
                        .readTree(
                                Path.of("..", "conf", "grafana", "dualmigrate-dashboard.json")
                                        .toFile());
    }

    @Test
    void importableByGrafana() {
        assertThat(dashboard.path("uid").asText()).matches("[a-z0-9-]{1,40}");
        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        assertThat(dashboard.has("id")).as("no instance-specific id").isFalse();
        List<String> variables = new ArrayList<>();
        dashboard.at("/templating/list").forEach(v -> variables.add(v.path("name").asText()));
        assertThat(variables).contains("datasource", "job");
    }

    @Test
    void panelsAreWellFormedAndDoNotOverlap() {
        Set<Integer> ids = new HashSet<>();
        List<int[]> boxes = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            String title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt())).as("unique id of " + title).isTrue();
            JsonNode grid = panel.get("gridPos");
            int[] box = {
                grid.get("x").asInt(),
                grid.get("y").asInt(),
                grid.get("w").asInt(),
                grid.get("h").asInt()
            };
            assertThat(box[0] + box[2]).as(title + " fits 24 columns").isLessThanOrEqualTo(24);
            for (int[] other : boxes) {
                boolean overlap =
                        box[0] < other[0] + other[2]
                                && other[0] < box[0] + box[2]
                                && box[1] < other[1] + other[3]
                                && other[1] < box[1] + box[3];
                assertThat(overlap).as(title + " overlaps another panel").isFalse();
            }
            boxes.add(box);
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("description").asText()).as(title).isNotBlank();
            assertThat(panel.at("/datasource/uid").asText()).as(title).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(title).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                assertThat(target.path("expr").asText()).as(title).isNotBlank();
                assertThat(target.path("expr").asText())
                        .as(title + " filters by the job variable")
                        .contains("job_name=~\"$job\"");
            }
        }
    }

    @Test
    void everyPhaseSignalHasAPanel() throws Exception {
        String expressions = String.join("\n", MonitoringITCase.dashboardExpressions().values());
        assertThat(expressions)
                .contains(
                        "changesApplied",
                        "rowsApplied",
                        "replicationLagMs{job_name=~\".*\",quantile=\"0.5\"}",
                        "replicationLagMs{job_name=~\".*\",quantile=\"0.99\"}",
                        "staleDropped",
                        "duplicatesDropped",
                        "tombstones",
                        "deadLetters",
                        "snapshotRowsWritten",
                        "lastCheckpointDuration",
                        "lastCheckpointSize",
                        "backPressuredTimeMsPerSecond",
                        "shadow_matches",
                        "shadow_category_mismatches",
                        "shadow_unpaired",
                        "walRetainedBytes",
                        "table_parityPercent",
                        "table_driftedRows");
    }
}
