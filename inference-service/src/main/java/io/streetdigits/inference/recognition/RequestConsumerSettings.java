package io.streetdigits.inference.recognition;

import io.smallrye.common.annotation.Identifier;
import io.streetdigits.inference.InferenceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Consumer settings of the requests channel that application.properties cannot express: the static group
 * membership id, set only when {@code streetdigits.inference.instance-id} is (Kafka refuses an empty one).
 */
@ApplicationScoped
public class RequestConsumerSettings {

    /** The name application.properties gives the requests channel's {@code kafka-configuration}. */
    public static final String NAME = "recognition-requests-consumer";

    @Produces
    @Identifier(NAME)
    Map<String, Object> settings(InferenceConfig config) {
        return config.inference().instanceId()
                .<Map<String, Object>>map(id -> Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id))
                .orElse(Map.of());
    }
}
