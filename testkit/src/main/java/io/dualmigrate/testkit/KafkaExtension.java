package io.dualmigrate.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Kafka broker per test class: {@code @RegisterExtension static final KafkaExtension KAFKA
 * = new KafkaExtension();} then {@code KAFKA.broker()} in the tests. Give each test its own topics
 * (the broker does not create them on first use).
 */
public final class KafkaExtension implements BeforeAllCallback, AfterAllCallback {

    private KafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        broker = KafkaBroker.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    public KafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("Kafka runs only while the test class runs");
        }
        return broker;
    }
}
