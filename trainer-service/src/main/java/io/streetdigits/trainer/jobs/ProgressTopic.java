package io.streetdigits.trainer.jobs;

import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.TrainingJobEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Sends training job events to the training-progress topic, keyed by job id. Progress is a courtesy, not the
 * job: a send never blocks training for long, and a broker that is away costs a warning, not the run. Each event is
 * written to all in-sync replicas, since the topic is also the job history a restarted trainer lists.
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
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new StringSerializer());
    }

    /**
     * Makes the topic compacted, so that it keeps the last event of every job (the history) however long ago it ran
     * and drops the once-a-second progress before it: creates it so where it is missing (partitions and replicas
     * the broker's defaults), and sets the policy of one created otherwise (say, by a broker on first use). The
     * trainer is the topic's only writer. A broker that is away, or refuses, costs a warning.
     */
    static void ensureCompacted(String bootstrapServers, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
            if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
                NewTopic compacted = new NewTopic(topic, Optional.empty(), Optional.empty()).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                admin.createTopics(List.of(compacted)).all().get(10, TimeUnit.SECONDS);
                LOG.infof("Created topic %s, compacted: it keeps every training job's last event", topic);
                return;
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            String policy = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(new ConfigEntry(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
                        AlterConfigOp.OpType.SET)))).all().get(10, TimeUnit.SECONDS);
                LOG.infof("Set topic %s to compacted (its policy was %s): it keeps every training job's last event",
                        topic, policy);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warnf("Cannot make topic %s compacted (%s); a job history older than its retention is lost",
                        topic, e.getCause().getMessage());
            }
        } catch (TimeoutException | KafkaException e) {
            LOG.warnf("Cannot reach Kafka at %s to make topic %s compacted (%s)", bootstrapServers, topic,
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
