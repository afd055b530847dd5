package io.dualmigrate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine the figures were measured on, read from {@code /proc} and the JVM. */
final class Machine {

    final int cpus;
    final String cpuModel;
    final String memory;
    final String java;
    final String os;
    String postgres = "?";

    private Machine(int cpus, String cpuModel, String memory, String java, String os) {
        this.cpus = cpus;
        this.cpuModel = cpuModel;
        this.memory = memory;
        this.java = java;
        this.os = os;
    }

    static Machine describe() {
        String model = "unknown";
        String memory = "unknown";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    memory = String.format("%.1f GiB", kb / 1024.0 / 1024.0);
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: keep "unknown"
        }
        String java =
                System.getProperty("java.vm.name")
                        + " "
                        + System.getProperty("java.runtime.version")
                        + " ("
                        + System.getProperty("java.vendor")
                        + ")";
        String os =
                System.getProperty("os.name")
                        + " "
                        + System.getProperty("os.version")
                        + " "
                        + System.getProperty("os.arch");
        return new Machine(Runtime.getRuntime().availableProcessors(), model, memory, java, os);
    }

    /** The 1, 5 and 15 minute load averages, as {@code uptime} prints them. */
    static String loadAverage() {
        try {
            List<String> parts = List.of(Files.readString(Path.of("/proc/loadavg")).split(" "));
            return parts.get(0) + ", " + parts.get(1) + ", " + parts.get(2);
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static double loadAverage1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
