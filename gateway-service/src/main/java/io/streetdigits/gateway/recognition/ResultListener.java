package io.streetdigits.gateway.recognition;

import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.gateway.batch.BatchStore;
import io.streetdigits.gateway.health.KafkaState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Follows the results topic (every partition, from the beginning, in a group of its own) into the stores: batch
 * results to the {@link BatchStore}, single ones to the {@link ResultStore}; and tells {@link KafkaState} how far
 * it has read. A poll at a time: every gateway reads every result of the system, and record by record the
 * messaging layer's own work per record cost more than storing it.
 */
@ApplicationScoped
public class ResultListener {

    private static final Logger LOG = Logger.getLogger(ResultListener.class);

    @Inject
    ResultStore results;

    @Inject
    BatchStore batches;

    @Inject
    KafkaState kafka;

    @Incoming("recognition-results")
    public void onResults(ConsumerRecords<String, String> records) {
        for (ConsumerRecord<String, String> record : records) {
            try {
                onResult(record.value());
            } finally {
                kafka.consumed(record.topic(), record.partition(), record.offset());
            }
        }
    }

    private void onResult(String json) {
        RecognitionResult result;
        try {
            result = ContractJson.read(json, RecognitionResult.class);
        } catch (IllegalArgumentException e) {
            LOG.warnf("Ignoring a malformed record on the results topic: %s", e.getMessage());
            return;
        }
        if (result.batchId() != null && result.fileName() != null) {
            batches.append(result);
        } else {
            results.complete(result);
        }
    }
}
