package io.dualmigrate.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A real single-node Kafka broker (KRaft, {@code org.apache.kafka:kafka_2.13}) run as a child JVM,
 * for tests, benchmarks and the demo.
 *
 * <p>Why a child JVM: the broker needs kafka-clients 3.9 and Jackson 2.16 first on its classpath,
 * while the jobs run Flink's Kafka connector on kafka-clients 3.4 and Jackson 2.15. The broker's
 * classpath is resolved at build time by the {@code dualmigrate-kafka-broker} module into the
 * resource {@value #CLASSPATH_RESOURCE}; none of its jars reach the caller's classpath.
 *
 * <p>{@link #start()} formats fresh KRaft storage in a temporary directory, writes a {@code
 * server.properties} with loopback listeners on probed free ports (a Kafka listener cannot be given
 * port 0 and report the chosen port back), starts {@code kafka.Kafka} and waits until the broker
 * answers an admin request. Topics are not created on first use, and records are kept however old
 * their timestamps are (no retention). {@link #close()} kills the broker and deletes its directory;
 * a shutdown hook, and a watchdog that outlives a killed parent, do the same when the caller's JVM
 * ends first.
 *
 * <pre>{@code
 * try (KafkaBroker kafka = KafkaBroker.start()) {
 *     kafka.createTopic("reads", 4);
 *     producerProps.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 */
public final class KafkaBroker implements AutoCloseable {

    static final String CLASSPATH_RESOURCE = "/io/dualmigrate/testkit/kafka-broker.classpath";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final int START_ATTEMPTS = 3;

    private final Path dir;
    private final Process broker;
    private final Process watchdog;
    private final String bootstrapServers;
    private final Thread shutdownHook;

    private KafkaBroker(Path dir, Process broker, Process watchdog, String bootstrapServers) {
        this.dir = dir;
        this.broker = broker;
        this.watchdog = watchdog;
        this.bootstrapServers = bootstrapServers;
        this.shutdownHook = new Thread(this::stopQuietly, "kafka-broker-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a broker and returns once it serves requests. A probed port that another process takes
     * before the broker binds it fails the start; it is then retried on new ports.
     */
    public static KafkaBroker start() throws IOException {
        String classpath = brokerClasspath();
        IOException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            Path dir = Files.createTempDirectory("dualmigrate-kafka");
            try {
                return startIn(dir, classpath);
            } catch (IOException e) {
                deleteRecursively(dir);
                last = e;
            }
        }
        throw last;
    }

    /** {@code host:port} of the broker's plaintext listener. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The broker's own directory: configuration, log and data; deleted by {@link #close()}. */
    public Path directory() {
        return dir;
    }

    /** Creates a topic with replication factor 1 and waits until it exists. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topic " + name, e);
        }
    }

    /** A producer of raw bytes for this broker (acks=all); the caller closes it. */
    public KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("acks", "all");
        props.put("linger.ms", "5");
        props.put("key.serializer", ByteArraySerializer.class.getName());
        props.put("value.serializer", ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    /**
     * The values of every record in {@code topic} from the beginning, read by a fresh consumer
     * group for {@code duration} (a test's outputs have arrived once it asks).
     */
    public List<byte[]> records(String topic, Duration duration) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", "reader-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        props.put("key.deserializer", ByteArrayDeserializer.class.getName());
        props.put("value.deserializer", ByteArrayDeserializer.class.getName());
        List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    /** An admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(
                Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    /** Kills the broker and deletes its data. */
    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run: the JVM is exiting and the broker is gone.
        }
    }

    private void stopQuietly() {
        broker.destroyForcibly();
        try {
            broker.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watchdog.destroyForcibly();
        deleteRecursively(dir);
    }

    private static KafkaBroker startIn(Path dir, String classpath) throws IOException {
        int brokerPort = freePort();
        int controllerPort = freePort();
        while (controllerPort == brokerPort) {
            controllerPort = freePort();
        }
        Path config = dir.resolve("server.properties");
        Files.writeString(config, serverProperties(dir, brokerPort, controllerPort));
        Files.writeString(dir.resolve("log4j.properties"), LOG4J_PROPERTIES);
        Path log = dir.resolve("broker.log");

        runToCompletion(
                command(
                        dir,
                        classpath,
                        "kafka.tools.StorageTool",
                        "format",
                        "--ignore-formatted",
                        "-t",
                        clusterId(),
                        "-c",
                        config.toString()),
                dir.resolve("format.log"));

        Process broker =
                new ProcessBuilder(command(dir, classpath, "kafka.Kafka", config.toString()))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        Process watchdog = killWhenParentDies(broker.pid(), dir);
        String bootstrap = "127.0.0.1:" + brokerPort;
        try {
            awaitReady(broker, bootstrap, log);
        } catch (IOException | RuntimeException e) {
            broker.destroyForcibly();
            watchdog.destroyForcibly();
            throw e;
        }
        return new KafkaBroker(dir, broker, watchdog, bootstrap);
    }

    private static List<String> command(
            Path dir, String classpath, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms64m");
        command.add("-Xmx512m");
        command.add("-Djava.awt.headless=true");
        command.add("-Dlog4j.configuration=" + dir.resolve("log4j.properties").toUri());
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    private static void runToCompletion(List<String> command, Path log) throws IOException {
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("formatting Kafka storage timed out: " + tail(log));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while formatting Kafka storage", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(
                    "formatting Kafka storage failed (exit "
                            + process.exitValue()
                            + "): "
                            + tail(log));
        }
    }

    /**
     * A shell that kills the broker and deletes its directory when this JVM is gone, however it
     * ended (a shutdown hook does not run on SIGKILL, e.g. when a test fork is killed after a
     * timeout).
     */
    private static Process killWhenParentDies(long brokerPid, Path dir) throws IOException {
        long parent = ProcessHandle.current().pid();
        String script =
                "while kill -0 "
                        + parent
                        + " 2>/dev/null && kill -0 "
                        + brokerPid
                        + " 2>/dev/null; do sleep 1; done; kill -9 "
                        + brokerPid
                        + " 2>/dev/null; rm -rf '"
                        + dir
                        + "'";
        return new ProcessBuilder("sh", "-c", script)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true)
                .start();
    }

    private static void awaitReady(Process broker, String bootstrap, Path log) throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        awaitListening(broker, bootstrap, deadline, log);
        try (Admin admin = Admin.create(props)) {
            while (true) {
                if (!broker.isAlive()) {
                    throw new IOException(
                            "the Kafka broker exited with "
                                    + broker.exitValue()
                                    + " before it was ready: "
                                    + tail(log));
                }
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException notYet) {
                    // The broker is still starting.
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException(
                            "the Kafka broker was not ready within "
                                    + READY_TIMEOUT.toSeconds()
                                    + " s: "
                                    + tail(log));
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the Kafka broker", e);
        }
    }

    /**
     * Waits until the broker's port accepts connections, before any Kafka client tries it: a client
     * logs a warning for every refused connection, which would fill the demo's console.
     */
    private static void awaitListening(Process broker, String bootstrap, long deadline, Path log)
            throws IOException {
        int colon = bootstrap.lastIndexOf(':');
        InetSocketAddress address =
                new InetSocketAddress(
                        bootstrap.substring(0, colon),
                        Integer.parseInt(bootstrap.substring(colon + 1)));
        while (System.nanoTime() < deadline && broker.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(address, 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the Kafka broker", e);
                }
            }
        }
        if (!broker.isAlive()) {
            throw new IOException(
                    "the Kafka broker exited with "
                            + broker.exitValue()
                            + " before it listened: "
                            + tail(log));
        }
    }

    private static String serverProperties(Path dir, int brokerPort, int controllerPort) {
        return String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:"
                        + brokerPort
                        + ",CONTROLLER://127.0.0.1:"
                        + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=1",
                "num.network.threads=2",
                "num.io.threads=2",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                // Tests and benchmarks write records with event times long past: the default
                // 7-day retention would delete them within minutes (at the next retention check).
                "log.retention.ms=-1",
                "");
    }

    private static final String LOG4J_PROPERTIES =
            String.join(
                    "\n",
                    "log4j.rootLogger=WARN, stdout",
                    "log4j.logger.kafka.server.KafkaRaftServer=INFO",
                    "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
                    "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
                    "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n",
                    "");

    /** A KRaft cluster id: 16 random bytes, URL-safe Base64 without padding (as Kafka's Uuid). */
    private static String clusterId() {
        UUID uuid = UUID.randomUUID();
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (uuid.getMostSignificantBits() >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (uuid.getLeastSignificantBits() >>> (56 - 8 * i));
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static String brokerClasspath() throws IOException {
        try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IOException(
                        CLASSPATH_RESOURCE
                                + " is missing: the dualmigrate-kafka-broker module builds it;"
                                + " run ./mvnw -B -Pfast -DskipTests package");
            }
            String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            for (String jar : classpath.split(java.io.File.pathSeparator)) {
                if (!Files.isRegularFile(Path.of(jar))) {
                    throw new IOException(
                            "the Kafka broker's jar "
                                    + jar
                                    + " is missing: rebuild with ./mvnw -B -Pfast -DskipTests"
                                    + " package to resolve it again");
                }
            }
            return classpath;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n"
                    + String.join(
                            "\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort: a leftover temporary directory does not affect a later broker.
        }
    }
}
