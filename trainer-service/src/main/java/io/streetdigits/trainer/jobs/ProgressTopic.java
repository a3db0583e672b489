package io.streetdigits.trainer.jobs;

import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.TrainingJobEvent;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Sends training job events to the training-progress topic, keyed by job id. Progress is a courtesy, not the
 * job: a send never blocks training for long, and a broker that is away costs a warning, not the run.
 */
final class ProgressTopic implements Consumer<TrainingJobEvent>, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ProgressTopic.class);

    private final String topic;
    private final KafkaProducer<String, String> producer;
    private volatile boolean warned;

    ProgressTopic(String bootstrapServers, String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new StringSerializer());
    }

    @Override
    public void accept(TrainingJobEvent event) {
        try {
            producer.send(new ProducerRecord<>(topic, event.jobId(), ContractJson.write(event)), (metadata, error) -> {
                if (error != null) {
                    warnOnce(error);
                }
            });
        } catch (RuntimeException e) {
            warnOnce(e);
        }
    }

    private void warnOnce(Exception error) {
        if (!warned) {
            warned = true;
            LOG.warnf("cannot send training progress to topic %s (%s); the jobs go on, their REST status and SSE"
                    + " stream still tell their progress", topic, error.getMessage());
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
