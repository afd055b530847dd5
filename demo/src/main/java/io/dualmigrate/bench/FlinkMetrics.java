package io.dualmigrate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples the replication job's own figures from the local cluster's REST API every 200 ms during a
 * window: whether the source is back-pressured, how full the sink task's input buffers are
 * (together: is the sink or the source the bottleneck?), and how late the source takes and emits
 * changes (commit in OLD to the Flink source; the rest of the end-to-end lag is spent after it:
 * shuffle, last-write-wins, sink batching and the write).
 *
 * <p>Flink's own busy/back-pressured/idle time gauges average over 60 s and its accumulated
 * counters advance in lumps, so neither suits phases of a few seconds; hence the sampling.
 */
final class FlinkMetrics implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TIME = {
        "accumulateBusyTimeMs", "accumulateBackPressuredTimeMs", "accumulateIdleTimeMs"
    };

    /** What the samples of one window say, averaged or as distributions. */
    static final class Window {
        /** Samples taken (one per 200 ms while the REST API answered). */
        int samples;

        /**
         * Mean over samples of the fullest output buffer pool of a source subtask: near 100 % when
         * the source is back-pressured by the tasks after it.
         */
        double sourceOutputPoolUsage;

        /** Commit in OLD to Debezium's reader decoding the change (ms). */
        long[] fetchLagMs = new long[0];

        /** Commit in OLD to the change's emission into the Flink pipeline (ms). */
        long[] emitLagMs = new long[0];
    }

    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile boolean sampling;
    private Window current;
    private Thread sampler;
    private String jobId;

    private FlinkMetrics(int port) {
        this.port = port;
    }

    /** Picks a free local port for the cluster's REST endpoint. */
    static FlinkMetrics onFreePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new FlinkMetrics(socket.getLocalPort());
        }
    }

    int port() {
        return port;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + ": HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    private String jobId() throws IOException, InterruptedException {
        if (jobId == null) {
            for (JsonNode job : get("/jobs").path("jobs")) {
                if (job.path("status").asText().equals("RUNNING")) {
                    jobId = job.path("id").asText();
                }
            }
            if (jobId == null) {
                throw new IOException("no running job");
            }
        }
        return jobId;
    }

    private Map<String, String> vertices() throws IOException, InterruptedException {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode v : get("/jobs/" + jobId()).path("vertices")) {
            out.put(v.path("id").asText(), v.path("name").asText());
        }
        return out;
    }

    /** Sum over subtasks of the named metrics of one vertex. */
    private Map<String, Double> sums(String vertexId, List<String> metrics)
            throws IOException, InterruptedException {
        Map<String, Double> out = new LinkedHashMap<>();
        JsonNode values =
                get(
                        "/jobs/"
                                + jobId()
                                + "/vertices/"
                                + vertexId
                                + "/subtasks/metrics?agg=sum,max&get="
                                + URLEncoder.encode(
                                        String.join(",", metrics), StandardCharsets.UTF_8));
        for (JsonNode value : values) {
            out.put(value.path("id").asText(), value.path("sum").asDouble());
            out.put(value.path("id").asText() + ":max", value.path("max").asDouble());
        }
        return out;
    }

    /** Starts sampling the job every 200 ms until {@link #stopWindow()}. */
    void startWindow() {
        stopWindow();
        Window window = new Window();
        List<Long> fetch = new ArrayList<>();
        List<Long> emit = new ArrayList<>();
        double[] sums = new double[1];
        double[] lastOut = {Double.MAX_VALUE};
        current = window;
        sampling = true;
        sampler =
                new Thread(
                        () -> {
                            String source = null;
                            List<String> sourceMetrics = null;
                            while (sampling) {
                                try {
                                    if (source == null) {
                                        for (Map.Entry<String, String> v : vertices().entrySet()) {
                                            if (v.getValue().startsWith("Source")) {
                                                source = v.getKey();
                                            }
                                        }
                                        sourceMetrics =
                                                List.of(
                                                        "buffers.outPoolUsage",
                                                        metric(source, "currentFetchEventTimeLag"),
                                                        metric(source, "currentEmitEventTimeLag"),
                                                        "numRecordsOut");
                                    }
                                    Map<String, Double> s = sums(source, sourceMetrics);
                                    synchronized (window) {
                                        window.samples++;
                                        sums[0] += s.getOrDefault("buffers.outPoolUsage:max", 0.0);
                                        window.sourceOutputPoolUsage = sums[0] / window.samples;
                                        // the lag gauges keep their value while nothing is
                                        // emitted: count them only when records went out
                                        double out = s.getOrDefault("numRecordsOut", 0.0);
                                        if (out > lastOut[0]) {
                                            addIfPresent(fetch, s, sourceMetrics.get(1));
                                            addIfPresent(emit, s, sourceMetrics.get(2));
                                        }
                                        lastOut[0] = out;
                                        window.fetchLagMs = toArray(fetch);
                                        window.emitLagMs = toArray(emit);
                                    }
                                    Thread.sleep(200);
                                } catch (InterruptedException e) {
                                    return;
                                } catch (IOException | RuntimeException e) {
                                    source = null;
                                    try {
                                        Thread.sleep(500);
                                    } catch (InterruptedException stop) {
                                        return;
                                    }
                                }
                            }
                        },
                        "bench-flink-metrics");
        sampler.setDaemon(true);
        sampler.start();
    }

    private static void addIfPresent(List<Long> to, Map<String, Double> values, String metric) {
        Double value = values.get(metric + ":max");
        if (value != null && value >= 0) {
            to.add(value.longValue());
        }
    }

    private static long[] toArray(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private String metric(String vertexId, String suffix) throws IOException, InterruptedException {
        for (JsonNode m : get("/jobs/" + jobId() + "/vertices/" + vertexId + "/subtasks/metrics")) {
            String id = m.path("id").asText();
            if (id.endsWith(suffix)) {
                return id;
            }
        }
        throw new IOException("no " + suffix + " metric");
    }

    /** Stops sampling and returns the window's figures (empty if none was started). */
    Window stopWindow() {
        sampling = false;
        if (sampler != null) {
            sampler.interrupt();
            try {
                sampler.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sampler = null;
        }
        Window window = current == null ? new Window() : current;
        current = null;
        return window;
    }

    @Override
    public void close() {
        stopWindow();
    }
}
