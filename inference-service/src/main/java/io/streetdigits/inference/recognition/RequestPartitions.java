package io.streetdigits.inference.recognition;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The requests partitions this instance holds, and readiness that means "can do work now": an instance that
 * holds none (not yet assigned after a start, or one instance more than there are partitions) reads nothing, so
 * it is not ready, however healthy its models and its connection.
 */
@Readiness
@ApplicationScoped
@Identifier(RequestPartitions.NAME)
public class RequestPartitions implements KafkaConsumerRebalanceListener, HealthCheck {

    /** The name application.properties gives the requests channel's rebalance listener. */
    public static final String NAME = "recognition-requests-partitions";

    private final Set<String> held = new ConcurrentSkipListSet<>();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> held.add(partition.toString()));
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> held.remove(partition.toString()));
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(consumer, partitions);
    }

    @Override
    public HealthCheckResponse call() {
        Set<String> now = new TreeSet<>(held);
        return HealthCheckResponse.named("requests-partitions").status(!now.isEmpty())
                .withData("partitions", now.isEmpty() ? "none assigned" : String.join(",", now)).build();
    }
}
