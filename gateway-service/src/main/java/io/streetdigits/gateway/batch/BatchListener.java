package io.streetdigits.gateway.batch;

import io.streetdigits.core.contract.BatchManifest;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.gateway.health.KafkaState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Follows the batches topic from its beginning, so every instance knows every accepted batch. */
@ApplicationScoped
public class BatchListener {

    private static final Logger LOG = Logger.getLogger(BatchListener.class);

    @Inject
    BatchStore store;

    @Inject
    KafkaState kafka;

    @Incoming("recognition-batches")
    public void onManifest(ConsumerRecord<String, String> record) {
        try {
            store.register(ContractJson.read(record.value(), BatchManifest.class));
        } catch (IllegalArgumentException e) {
            LOG.warnf("Ignoring a malformed record on the batches topic: %s", e.getMessage());
        } finally {
            kafka.consumed(record.topic(), record.partition(), record.offset());
        }
    }
}
