package io.dualmigrate.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure Prometheus and promtool are installed: the tests that check alert rules and dashboards
 * need the real programs. On a machine without them it installs Debian's {@code prometheus} package
 * (as root, through apt-get); anywhere else it fails saying what to install.
 */
public final class PrometheusInstall {

    public static final String PROMETHEUS = "/usr/bin/prometheus";
    public static final String PROMTOOL = "/usr/bin/promtool";

    private PrometheusInstall() {}

    public static synchronized void ensure() {
        if (installed()) {
            return;
        }
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            throw new IllegalStateException(
                    "Prometheus is not installed and this is not a Debian-like system: install"
                            + " Prometheus 2.x so that "
                            + PROMETHEUS
                            + " and "
                            + PROMTOOL
                            + " exist");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException(
                    "Prometheus is not installed: run 'sudo apt-get install -y"
                            + " --no-install-recommends prometheus' once");
        }
        List<String> install =
                List.of("apt-get", "install", "-y", "--no-install-recommends", "prometheus");
        if (run(install) != 0 && (run(List.of("apt-get", "update")) != 0 || run(install) != 0)) {
            throw new IllegalStateException("apt-get could not install prometheus (see above)");
        }
        if (!installed()) {
            throw new IllegalStateException(
                    "apt-get installed prometheus but " + PROMTOOL + " is missing");
        }
    }

    private static boolean installed() {
        return Files.isExecutable(Path.of(PROMETHEUS)) && Files.isExecutable(Path.of(PROMTOOL));
    }

    private static int run(List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            String output =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return -1;
            }
            if (process.exitValue() != 0) {
                System.err.println(String.join(" ", command) + " failed:\n" + output);
            }
            return process.exitValue();
        } catch (IOException e) {
            System.err.println(String.join(" ", command) + " failed: " + e);
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
