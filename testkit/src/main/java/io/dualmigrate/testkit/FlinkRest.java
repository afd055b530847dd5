package io.dualmigrate.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The part of Flink's REST API that {@code flink run}, {@code flink stop} and the web UI use:
 * upload and run a jar, job state, stop with a savepoint, cancel, metrics and checkpoints.
 *
 * <p>Plain HTTP and JSON, so that a test drives a cluster in other JVMs exactly the way an operator
 * would, without Flink's client classes.
 */
public final class FlinkRest {

    /** How {@link #run} starts a job. */
    public record Submission(
            String entryClass, List<String> args, int parallelism, String savepointPath) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    public FlinkRest(URI base) {
        this.base = base;
    }

    public URI address() {
        return base;
    }

    /** {@code POST /jars/upload}; returns the jar's id on the cluster. */
    public String upload(Path jar) throws IOException, InterruptedException {
        String boundary = "dualmigrate-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                                + jar.getFileName()
                                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(Files.readAllBytes(jar));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode answer =
                send(
                        HttpRequest.newBuilder(base.resolve("/jars/upload"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())),
                        "POST /jars/upload");
        String file = answer.path("filename").asText();
        return file.substring(file.lastIndexOf('/') + 1);
    }

    /**
     * {@code POST /jars/<id>/run}: the JobManager runs the jar's main method, which builds and
     * submits the job; returns the job id.
     */
    public String run(String jarId, Submission submission)
            throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        request.put("entryClass", submission.entryClass());
        ArrayNode args = request.putArray("programArgsList");
        submission.args().forEach(args::add);
        request.put("parallelism", submission.parallelism());
        if (submission.savepointPath() != null) {
            request.put("savepointPath", submission.savepointPath());
        }
        return post("/jars/" + jarId + "/run", request).path("jobid").asText();
    }

    /** The job's state: RUNNING, RESTARTING, FAILED, CANCELED, FINISHED, … */
    public String jobState(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** True once every task of the job runs (a RUNNING job may still be deploying tasks). */
    public boolean allTasksRunning(String jobId) throws IOException, InterruptedException {
        JsonNode job = get("/jobs/" + jobId);
        if (!job.path("state").asText().equals("RUNNING")) {
            return false;
        }
        for (JsonNode vertex : job.path("vertices")) {
            if (!vertex.path("status").asText().equals("RUNNING")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The lowest execution attempt among the job's subtasks: 0 until the job first fails over, and
     * higher than before once every task was redeployed after a failure. Read from the execution
     * graph, so unlike the {@code numRestarts} metric it is never stale.
     */
    public int lowestAttempt(String jobId) throws IOException, InterruptedException {
        int lowest = Integer.MAX_VALUE;
        for (JsonNode vertex : get("/jobs/" + jobId).path("vertices")) {
            for (JsonNode subtask :
                    get("/jobs/" + jobId + "/vertices/" + vertex.path("id").asText())
                            .path("subtasks")) {
                lowest = Math.min(lowest, subtask.path("attempt").asInt());
            }
        }
        return lowest == Integer.MAX_VALUE ? 0 : lowest;
    }

    /** Ids of the jobs the cluster knows, with their state. */
    public Map<String, String> jobs() throws IOException, InterruptedException {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode job : get("/jobs").path("jobs")) {
            out.put(job.path("id").asText(), job.path("status").asText());
        }
        return out;
    }

    /** Number of TaskManagers registered with the JobManager. */
    public int taskManagers() throws IOException, InterruptedException {
        return get("/overview").path("taskmanagers").asInt();
    }

    /** Number of free task slots. */
    public int freeSlots() throws IOException, InterruptedException {
        return get("/overview").path("slots-available").asInt();
    }

    /**
     * {@code POST /jobs/<id>/stop}: takes a savepoint into {@code directory} and stops the job, as
     * {@code flink stop --savepointPath}; returns the savepoint's path.
     */
    public String stopWithSavepoint(String jobId, Path directory, Duration timeout)
            throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        request.put("targetDirectory", directory.toUri().toString());
        request.put("drain", false);
        String trigger = post("/jobs/" + jobId + "/stop", request).path("request-id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if (status.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode operation = status.path("operation");
                if (operation.has("failure-cause")) {
                    throw new IOException(
                            "stop with savepoint failed: "
                                    + operation.path("failure-cause").path("stack-trace").asText());
                }
                return operation.path("location").asText();
            }
            Thread.sleep(200);
        }
        throw new IOException("stop with savepoint did not complete in " + timeout);
    }

    /** {@code PATCH /jobs/<id>?mode=cancel}, as {@code flink cancel}. */
    public void cancel(String jobId) throws IOException, InterruptedException {
        send(
                HttpRequest.newBuilder(base.resolve("/jobs/" + jobId + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody()),
                "PATCH /jobs/" + jobId);
    }

    /** Completed checkpoints of the job so far (restored ones not counted). */
    public long completedCheckpoints(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    /**
     * A job-level metric, e.g. {@code numRestarts}; -1 when the job does not report it (yet).
     *
     * <p>Metrics over REST come from the JobManager's metric fetcher, which fetches lazily: a
     * request answers from the previous fetch (possibly none yet) and triggers the next one, at
     * most every {@code metrics.fetcher.update-interval}. Poll when a value must be current.
     */
    public long jobMetric(String jobId, String name) throws IOException, InterruptedException {
        for (JsonNode metric :
                get(
                        "/jobs/"
                                + jobId
                                + "/metrics?get="
                                + URLEncoder.encode(name, StandardCharsets.UTF_8))) {
            return (long) Double.parseDouble(metric.path("value").asText());
        }
        return -1;
    }

    /**
     * Operator metrics by their short name (the part after the last dot), each summed over the
     * subtasks of every vertex that reports it, e.g. {@code changesApplied} or {@code
     * walRetainedBytes}.
     */
    public Map<String, Double> operatorMetrics(String jobId, List<String> names)
            throws IOException, InterruptedException {
        Map<String, Double> out = new LinkedHashMap<>();
        for (JsonNode vertex : get("/jobs/" + jobId).path("vertices")) {
            String path = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText();
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
            String query = URLEncoder.encode(String.join(",", wanted), StandardCharsets.UTF_8);
            for (JsonNode metric : get(path + "/subtasks/metrics?agg=sum&get=" + query)) {
                String id = metric.path("id").asText();
                out.merge(
                        id.substring(id.lastIndexOf('.') + 1),
                        metric.path("sum").asDouble(),
                        Double::sum);
            }
        }
        return out;
    }

    /** GET a REST path, e.g. {@code /overview}; the answer as JSON. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), "GET " + path);
    }

    private JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
        return send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())),
                "POST " + path);
    }

    private JsonNode send(HttpRequest.Builder request, String what)
            throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        request.timeout(Duration.ofSeconds(120)).build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(
                    what + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }
}
