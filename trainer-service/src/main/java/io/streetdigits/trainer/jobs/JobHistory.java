package io.streetdigits.trainer.jobs;

import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.TrainingJobEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The jobs of earlier runs of the trainer, read back from the training-progress topic (keyed by job id, so a job's
 * events keep their order): the last event of each job. A job that had not ended when its trainer stopped never
 * will; it comes back as {@code FAILED}, saying so, since its options are not on the topic to run it again.
 */
final class JobHistory {

    private static final Logger LOG = Logger.getLogger(JobHistory.class);
    /** How long reading the history may hold up a start; a broker that is away costs this once. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private JobHistory() {
    }

    /** Every job on the topic, by id in the order they were first seen, each as its last event. */
    static List<TrainingJobEvent> read(String bootstrapServers, String topic) {
        Map<String, TrainingJobEvent> last = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            for (PartitionInfo info : infos == null ? List.<PartitionInfo>of() : infos) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!reachedEnds(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    LOG.warnf("Read the job history on topic %s only in part within %d s", topic,
                            TIMEOUT.toSeconds());
                    break;
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    remember(record, last);
                }
            }
        } catch (KafkaException e) {
            LOG.warnf("Cannot read the job history on topic %s (%s); earlier jobs are not listed", topic,
                    e.getMessage());
        }
        return new ArrayList<>(last.values());
    }

    /**
     * A job's last event as it stands now that no trainer runs it: as it was if it ended, else {@code FAILED}.
     */
    static TrainingJobEvent ended(TrainingJobEvent last, Instant restartedAt) {
        if (last.finished()) {
            return last;
        }
        String error = "the trainer stopped while this job was " + last.state().toLowerCase(Locale.ROOT)
                + " (restarted " + restartedAt + "); nothing was published; submit the job again";
        return new TrainingJobEvent(last.jobId(), last.model(), last.architecture(), TrainingJobEvent.FAILED,
                last.epoch(), last.epochs(), last.batch(), last.batches(), last.loss(), last.validation(), null, null,
                error, restartedAt);
    }

    private static boolean reachedEnds(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static void remember(ConsumerRecord<String, String> record, Map<String, TrainingJobEvent> last) {
        try {
            TrainingJobEvent event = ContractJson.read(record.value(), TrainingJobEvent.class);
            last.put(event.jobId(), event);
        } catch (RuntimeException e) {
            LOG.debugf("Skipping a record on %s that is no training job event: %s", record.topic(), e.getMessage());
        }
    }
}
