package io.dualmigrate.demo;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link LocalCluster} in a temporary folder of its own, for the commands that run one job
 * ({@code replicate}, {@code shadow}, {@code parity}): closing it stops the cluster (and with it
 * the job) and deletes the folder, once, whatever state the command stopped in.
 */
final class TempCluster implements AutoCloseable {

    private final Console console;
    private Path folder;
    private LocalCluster cluster;
    private boolean closed;

    TempCluster(Console console) {
        this.console = console;
    }

    /** Creates the folder and starts the cluster in it. */
    synchronized LocalCluster start(String folderPrefix) throws Exception {
        folder = Files.createTempDirectory(folderPrefix);
        cluster = LocalCluster.start(folder);
        return cluster;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (cluster != null) {
                cluster.close();
            }
            if (folder != null) {
                TempFolder.delete(folder);
            }
        } catch (Exception e) {
            console.line("Could not clean up: " + e);
        }
    }
}
