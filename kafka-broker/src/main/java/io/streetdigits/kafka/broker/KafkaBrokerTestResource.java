package io.streetdigits.kafka.broker;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a real Kafka broker: {@code @QuarkusTestResource(KafkaBrokerTestResource.class)}.
 * One broker serves every test class of the JVM (starting one takes seconds), and the application's
 * {@code kafka.bootstrap.servers} points at it. Tests reach it through {@link #bootstrapServers()}.
 */
public class KafkaBrokerTestResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedKafkaBroker broker;

    @Override
    public synchronized Map<String, String> start() {
        if (broker == null) {
            broker = EmbeddedKafkaBroker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "embedded-kafka-shutdown"));
        }
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
    }

    @Override
    public void stop() {
        // Kept for the next test class of this JVM; the shutdown hook stops it.
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            throw new IllegalStateException("the Kafka test broker has not been started by a @QuarkusTestResource");
        }
        return broker.bootstrapServers();
    }

    public static synchronized EmbeddedKafkaBroker broker() {
        bootstrapServers();
        return broker;
    }
}
