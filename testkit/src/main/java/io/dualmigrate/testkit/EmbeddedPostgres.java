package io.dualmigrate.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server (the zonky embedded binary) set up for logical replication: {@code
 * wal_level=logical} and enough replication slots and WAL senders for parallel CDC readers.
 *
 * <p>One server holds several databases (OLD, NEW, …); the superuser is {@code postgres}.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final Path dataDir;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dir) {
        this.server = server;
        this.dataDir = dir;
    }

    public static EmbeddedPostgres start() throws IOException {
        return start(Files.createTempDirectory("dualmigrate-pg"), 0);
    }

    /**
     * Starts a server on {@code port} (0: any free one) over the data in {@code dir}, created on
     * the first start and kept by {@link #stop()}, so that a test can restart the same server.
     */
    public static EmbeddedPostgres start(Path dir, int port) throws IOException {
        io.zonky.test.db.postgres.embedded.EmbeddedPostgres.Builder builder =
                io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder();
        if (port > 0) {
            builder.setPort(port);
        }
        io.zonky.test.db.postgres.embedded.EmbeddedPostgres server =
                builder.setDataDirectory(dir.resolve("data"))
                        .setCleanDataDirectory(false)
                        .setServerConfig("wal_level", "logical")
                        .setServerConfig("max_replication_slots", "40")
                        .setServerConfig("max_wal_senders", "40")
                        .setServerConfig("max_connections", "200")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setServerConfig("wal_sender_timeout", "0")
                        .start();
        return new EmbeddedPostgres(server, dir);
    }

    public int port() {
        return server.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
    }

    /** Creates a database (dropping an older one of the same name). */
    public void createDatabase(String name) throws SQLException {
        try (Connection c = connect("postgres");
                Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + name);
        }
    }

    /** Stops the server and keeps its data, for {@link #start(Path, int)} to start it again. */
    public void stop() throws IOException {
        server.close();
    }

    /**
     * Stops the server the way {@code pg_ctl stop -m immediate} or a crash does (SIGQUIT to the
     * postmaster): no shutdown checkpoint, and no waiting for replication clients. The next {@link
     * #start(Path, int)} recovers from the WAL.
     *
     * <p>Why not {@link #stop()} for a server with logical replication clients: a fast shutdown
     * waits until every walsender's client has confirmed the shutdown checkpoint, which Flink CDC
     * only does at its next completed checkpoint, if ever; with {@code wal_sender_timeout=0} (set
     * here) nothing ends that wait.
     */
    public void crash() throws IOException, InterruptedException {
        Path pidFile = dataDir.resolve("data/postmaster.pid");
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            Optional<ProcessHandle> postmaster = ProcessHandle.of(pid);
            if (postmaster.isPresent()) {
                Process kill =
                        new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).inheritIO().start();
                if (kill.waitFor() != 0) {
                    throw new IOException("kill -QUIT " + pid + " failed");
                }
                postmaster.get().onExit().orTimeout(30, TimeUnit.SECONDS).join();
            }
        }
        try {
            server.close();
        } catch (IOException alreadyStopped) {
            // pg_ctl finds no server to stop: that is the point.
        }
    }

    public Path directory() {
        return dataDir;
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.walk(dataDir)
                .sorted(java.util.Comparator.reverseOrder())
                .forEach(p -> p.toFile().delete());
    }
}
