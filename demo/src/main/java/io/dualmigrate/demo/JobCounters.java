package io.dualmigrate.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;

/**
 * Reads a job's own counters (for the replication job: changes applied, stale and duplicate changes
 * dropped, dead letters) through the REST API behind the web UI, summed over all subtasks.
 */
final class JobCounters {

    /** The replication job's metric names, without the operator prefix. */
    static final List<String> NAMES =
            List.of(
                    "snapshotRowsRead",
                    "changesApplied",
                    "staleDropped",
                    "duplicatesDropped",
                    "rowsApplied",
                    "rowsSkippedNewerInTarget",
                    "deadLetters");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final JobID job;
    private final List<String> names;

    /** The replication job's counters ({@link #NAMES}). */
    JobCounters(URI webUi, JobID job) {
        this(webUi, job, NAMES);
    }

    /** Counters of {@code job} named {@code names}, as the operators register them. */
    JobCounters(URI webUi, JobID job, List<String> names) {
        this.base = webUi;
        this.job = job;
        this.names = List.copyOf(names);
    }

    /** Each counter of {@code names} that the job reports, summed over its subtasks. */
    Map<String, Long> read() throws IOException, InterruptedException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (JsonNode vertex : get("/jobs/" + job).path("vertices")) {
            String path = "/jobs/" + job + "/vertices/" + vertex.path("id").asText();
            List<String> wanted = new ArrayList<>();
            for (JsonNode metric : get(path + "/subtasks/metrics")) {
                String id = metric.path("id").asText();
                if (names.contains(id.substring(id.lastIndexOf('.') + 1))) {
                    wanted.add(id);
                }
            }
            if (wanted.isEmpty()) {
                continue;
            }
            for (JsonNode metric :
                    get(path + "/subtasks/metrics?agg=sum&get=" + String.join(",", wanted))) {
                String id = metric.path("id").asText();
                out.merge(
                        id.substring(id.lastIndexOf('.') + 1),
                        (long) metric.path("sum").asDouble(),
                        Long::sum);
            }
        }
        return out;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(base.resolve(path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }
}
