package io.dualmigrate.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's package, installed on first use by {@link PrometheusInstall})
 * on a free port, over a config folder the caller prepares.
 */
public final class PrometheusServer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts Prometheus with {@code configFile} (paths in it resolve against its folder), its data
     * and log in {@code workDir}, and waits until it is ready.
     */
    public static PrometheusServer start(Path configFile, Path workDir) throws IOException {
        PrometheusInstall.ensure();
        int port = freePort();
        Path log = workDir.resolve("prometheus.log");
        Process process =
                new ProcessBuilder(
                                PrometheusInstall.PROMETHEUS,
                                "--config.file=" + configFile.toAbsolutePath(),
                                "--storage.tsdb.path=" + workDir.resolve("data"),
                                "--web.listen-address=127.0.0.1:" + port,
                                "--web.enable-lifecycle")
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        PrometheusServer server = new PrometheusServer(process, port);
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        server.awaitReady(log);
        return server;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The raw JSON answer of an instant query ({@code /api/v1/query}). */
    public String query(String promql) {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** The raw JSON of {@code /api/v1/rules}: every rule with its health. */
    public String rules() {
        return get("/api/v1/rules");
    }

    private String get(String path) {
        try {
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(URI.create(url() + path))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady(Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Prometheus exited with " + process.exitValue() + ":\n" + tail(log));
            }
            try {
                if (get("/-/ready").contains("Ready")) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            sleep(200);
        }
        close();
        throw new IllegalStateException("Prometheus not ready within 60 s:\n" + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
