package io.dualmigrate.demo.shadow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Simulates an application's shadow reads: for each request, the answers of OLD and NEW as the
 * application logs them to Kafka, with a configurable {@link ReadMix} of scenarios and {@link
 * Noise}.
 *
 * <p>Requests happen at a steady rate in event time, from a start time on. Each one reads a key of
 * the {@code customer} entity from its scenario's small key pool ({@link #keys}), so that the
 * database mode ({@link ShadowTables}) can hold rows in OLD and NEW that agree with every logged
 * answer. Events reach Kafka in arrival order: most at their event time, some out of order (within
 * {@link Noise#maxDisorder()}), late requests {@link Noise#lateBy()} after it. Each event goes to a
 * random partition, so the two sides of one request usually travel on different partitions.
 *
 * <p>Use {@link #advanceTo} to follow a clock (live traffic), or {@link #generate} for a batch;
 * then {@link #finish} sends what is still pending, and closing requests whose event time moves
 * every partition's watermark past the last window and past every late event. Deterministic for a
 * seed. Not thread-safe.
 */
public final class ReadLogGenerator {

    /** Shadow-read log settings. */
    public record Settings(
            String entity,
            int partitions,
            ReadMix mix,
            Noise noise,
            int keysPerScenario,
            long seed,
            long startMillis,
            double requestsPerSecond) {

        public Settings {
            if (partitions < 1 || keysPerScenario < 1 || !(requestsPerSecond > 0)) {
                throw new IllegalArgumentException(
                        "partitions, keysPerScenario and requestsPerSecond must be positive");
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long KEY_BLOCK = 1_000_000L;
    private static final String[] ERRORS = {"timeout after 500 ms", "connection reset by peer"};

    private final Settings settings;
    private final SplittableRandom random;
    private final PriorityQueue<Pending> queue =
            new PriorityQueue<>(
                    Comparator.comparingLong(Pending::arrival).thenComparingLong(Pending::seq));
    private final ReadLogTally tally = new ReadLogTally();
    private long requests;
    private long seq;
    private long maxEmittedEventTime = Long.MIN_VALUE;
    private long lastEventTime;
    private boolean finished;

    public ReadLogGenerator(Settings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
        this.lastEventTime = settings.startMillis();
    }

    /** The key of the {@code index}-th row of {@code scenario}'s pool. */
    public static long key(Scenario scenario, int index) {
        return (scenario.ordinal() + 1) * KEY_BLOCK + index;
    }

    /** Every key the generator may read for {@code scenario}. */
    public List<Long> keys(Scenario scenario) {
        List<Long> keys = new ArrayList<>();
        for (int i = 0; i < settings.keysPerScenario(); i++) {
            keys.add(key(scenario, i));
        }
        return keys;
    }

    public ReadLogTally tally() {
        return tally;
    }

    /** Event time of the next request. */
    public long nextRequestTime() {
        return settings.startMillis() + (long) (requests * 1000.0 / settings.requestsPerSecond());
    }

    /** Makes the requests due by {@code now} and sends the events that have arrived by then. */
    public void advanceTo(long now, Consumer<ReadLogRecord> out) {
        checkOpen();
        while (nextRequestTime() <= now) {
            request(nextRequestTime());
        }
        emitArrivedBy(now, out);
    }

    /** Makes {@code count} more requests, sending their events as they arrive. */
    public void generate(long count, Consumer<ReadLogRecord> out) {
        checkOpen();
        for (long i = 0; i < count; i++) {
            long time = nextRequestTime();
            request(time);
            emitArrivedBy(time, out);
        }
    }

    /**
     * Sends the events still in flight, then one closing request per partition at an event time
     * that closes every pair's window and makes every late event late, then the late events.
     */
    public void finish(Consumer<ReadLogRecord> out) {
        checkOpen();
        finished = true;
        Noise noise = settings.noise();
        emitArrivedBy(lastEventTime + noise.maxDisorder().toMillis(), out);
        long closingTime = lastEventTime + Math.max(noise.lateBy().toMillis(), 1);
        for (int p = 0; p < settings.partitions(); p++) {
            Customer row = Customer.current(key(Scenario.MATCH, p % settings.keysPerScenario()));
            ObjectNode event =
                    bothSides(
                            "closing-" + settings.seed() + "-" + p,
                            row.id(),
                            closingTime,
                            side(row, row.oldPayload(), 1),
                            side(row, row.newPayload(), 1));
            out.accept(
                    new ReadLogRecord(
                            p, "closing-" + settings.seed() + "-" + p, bytes(event), closingTime));
            tally.closing();
        }
        emitArrivedBy(Long.MAX_VALUE, out);
    }

    private void request(long time) {
        requests++;
        lastEventTime = time;
        Noise noise = settings.noise();
        Scenario scenario = settings.mix().pick(random.nextDouble());
        long id = key(scenario, random.nextInt(settings.keysPerScenario()));
        Customer current = Customer.current(id);
        boolean lagAnswerMissing = random.nextBoolean();
        String requestId = "req-" + settings.seed() + "-" + requests;
        boolean late = random.nextDouble() < noise.late();
        boolean oneEvent = scenario != Scenario.UNPAIRED && random.nextDouble() < noise.bothSides();

        ObjectNode oldSide = side(scenario.oldRow(current), false);
        ObjectNode newSide = side(scenario.loggedNew(current, lagAnswerMissing), true);
        if (scenario == Scenario.READ_ERROR) {
            failed(random.nextBoolean() ? oldSide : newSide);
        }

        List<Pending> events = new ArrayList<>(2);
        if (oneEvent) {
            events.add(
                    pending(
                            requestId,
                            bothSides(requestId, id, time, oldSide, newSide),
                            time,
                            true));
        } else {
            boolean sendOld = scenario != Scenario.UNPAIRED || random.nextBoolean();
            boolean sendNew = scenario != Scenario.UNPAIRED || !sendOld;
            if (sendOld) {
                events.add(
                        pending(
                                requestId,
                                oneSide(requestId, id, "old", time, oldSide),
                                time,
                                false));
            }
            if (sendNew) {
                long newTime = time + random.nextInt(5);
                events.add(
                        pending(
                                requestId,
                                oneSide(requestId, id, "new", newTime, newSide),
                                newTime,
                                false));
            }
        }
        if (late) {
            tally.lateRequest(events.size());
            events.forEach(
                    e -> queue.add(e.arrivingAt(e.eventTime() + noise.lateBy().toMillis(), true)));
        } else {
            tally.pair(scenario, lagAnswerMissing);
            for (Pending e : events) {
                long delay =
                        random.nextDouble() < noise.outOfOrder()
                                ? random.nextLong(noise.maxDisorder().toMillis() + 1)
                                : 0;
                queue.add(e.arrivingAt(e.eventTime() + delay, false));
            }
        }
        if (random.nextDouble() < noise.malformed()) {
            queue.add(malformed(time));
        }
    }

    private ObjectNode side(Optional<Customer> row, boolean newSide) {
        int latency = 1 + random.nextInt(20);
        return row.map(r -> side(r, newSide ? r.newPayload() : r.oldPayload(), latency))
                .orElseGet(() -> notFound(latency));
    }

    private static ObjectNode side(Customer row, ObjectNode payload, int latency) {
        ObjectNode side = JSON.createObjectNode();
        side.put("found", true);
        side.put("version", row.version());
        side.set("payload", payload);
        side.put("latency_ms", latency);
        return side;
    }

    private static ObjectNode notFound(int latency) {
        ObjectNode side = JSON.createObjectNode();
        side.put("found", false);
        side.put("latency_ms", latency);
        return side;
    }

    private void failed(ObjectNode side) {
        side.removeAll();
        side.put("found", false);
        side.put("error", ERRORS[random.nextInt(ERRORS.length)]);
        side.put("latency_ms", 500);
    }

    private ObjectNode oneSide(String requestId, long id, String name, long time, ObjectNode side) {
        ObjectNode event = header(requestId, id, time);
        event.put("side", name);
        event.setAll(side);
        return event;
    }

    private ObjectNode bothSides(
            String requestId, long id, long time, ObjectNode oldSide, ObjectNode newSide) {
        ObjectNode event = header(requestId, id, time);
        event.set("old", oldSide);
        event.set("new", newSide);
        return event;
    }

    private ObjectNode header(String requestId, long id, long time) {
        ObjectNode event = JSON.createObjectNode();
        event.put("request_id", requestId);
        event.put("entity", settings.entity());
        event.putObject("key").put("id", id);
        if (random.nextBoolean()) {
            event.put("event_time", time);
        } else {
            event.put("event_time", Instant.ofEpochMilli(time).toString());
        }
        return event;
    }

    private Pending pending(String requestId, ObjectNode event, long eventTime, boolean both) {
        return new Pending(
                Long.MIN_VALUE,
                seq++,
                eventTime,
                both,
                false,
                new ReadLogRecord(
                        random.nextInt(settings.partitions()), requestId, bytes(event), eventTime));
    }

    private Pending malformed(long time) {
        long n = seq;
        String requestId = "bad-" + settings.seed() + "-" + n;
        String text =
                switch ((int) (n % 6)) {
                    case 0 ->
                            "{\"request_id\": \""
                                    + requestId
                                    + "\", \"entity\": \"customer\", \"key\"";
                    case 1 ->
                            "{\"entity\":\"customer\",\"key\":{\"id\":1},\"side\":\"old\",\"event_time\":"
                                    + time
                                    + ",\"found\":false}";
                    case 2 ->
                            "{\"request_id\":\""
                                    + requestId
                                    + "\",\"entity\":\"customer\",\"key\":{\"id\":1},\"side\":\"replica\","
                                    + "\"event_time\":"
                                    + time
                                    + ",\"found\":false}";
                    case 3 ->
                            "{\"request_id\":\""
                                    + requestId
                                    + "\",\"entity\":\"customer\",\"key\":{\"id\":1},\"side\":\"new\","
                                    + "\"event_time\":{\"at\":"
                                    + time
                                    + "},\"found\":false}";
                    case 4 ->
                            "{\"request_id\":\""
                                    + requestId
                                    + "\",\"entity\":\"customer\",\"key\":{\"id\":1},\"side\":\"old\","
                                    + "\"event_time\":"
                                    + time
                                    + ",\"found\":\"yes\"}";
                    default ->
                            "{\"request_id\":\""
                                    + requestId
                                    + "\",\"entity\":\"customer\",\"side\":\"old\",\"event_time\":"
                                    + time
                                    + ",\"found\":false}";
                };
        return new Pending(
                time,
                seq++,
                Long.MIN_VALUE,
                false,
                false,
                new ReadLogRecord(
                        random.nextInt(settings.partitions()),
                        requestId,
                        text.getBytes(StandardCharsets.UTF_8),
                        time));
    }

    private void emitArrivedBy(long now, Consumer<ReadLogRecord> out) {
        while (!queue.isEmpty() && queue.peek().arrival() <= now) {
            Pending next = queue.poll();
            if (next.eventTime() == Long.MIN_VALUE) {
                tally.malformed();
            } else {
                tally.event(next.bothSides());
                if (next.eventTime() < maxEmittedEventTime && !next.late()) {
                    tally.outOfOrder();
                }
                maxEmittedEventTime = Math.max(maxEmittedEventTime, next.eventTime());
            }
            out.accept(next.record());
        }
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("the generator has finished");
        }
    }

    private static byte[] bytes(ObjectNode event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An event waiting for its arrival time. */
    private record Pending(
            long arrival,
            long seq,
            long eventTime,
            boolean bothSides,
            boolean late,
            ReadLogRecord record) {

        Pending arrivingAt(long time, boolean isLate) {
            return new Pending(time, seq, eventTime, bothSides, isLate, record);
        }
    }
}
