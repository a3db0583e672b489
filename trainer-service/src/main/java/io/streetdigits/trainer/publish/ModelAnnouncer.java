package io.streetdigits.trainer.publish;

import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.ModelPublished;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.model.ModelVersion;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Announces a published model version on the model-events topic. A producer is opened per announcement, not held
 * for the life of the process: a training run takes many minutes and needs no broker until it is done, and a
 * command-line run without a broker should fail here, quickly and clearly, not log connection errors throughout.
 */
public final class ModelAnnouncer {

    private static final long TIMEOUT_SECONDS = 15;

    private final String bootstrapServers;
    private final String topic;

    public ModelAnnouncer(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    public ModelPublished announce(ModelRepository repository, ModelVersion version) throws Exception {
        ModelCard card = version.readCard();
        ModelPublished event = new ModelPublished(version.ref(), card.architecture(),
                repository.root().relativize(version.directory()).toString(), card.metrics(), Instant.now());
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, TIMEOUT_SECONDS * 1000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) (TIMEOUT_SECONDS * 1000),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (TIMEOUT_SECONDS * 1000 / 2));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, version.ref().name(), ContractJson.write(event)))
                    .get(TIMEOUT_SECONDS + 5, TimeUnit.SECONDS);
            return event;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not announce " + version.ref() + " on topic " + topic + " at "
                    + bootstrapServers + ": " + e.getMessage(), e);
        }
    }
}
