package io.streetdigits.core.contract;

import java.time.Instant;
import java.util.Objects;

/**
 * Written by the gateway on the batches topic once every image of a batch is on the requests topic: from then on
 * the batch is accepted, and any gateway instance can report its progress and build its CSV from the results.
 *
 * @param batchId    the batch id, the {@code batch-id} header of each of its requests
 * @param tenant     who submitted it
 * @param total      images in the batch
 * @param modelName  the model requested for every image, or null for the default
 * @param acceptedAt when the last image was on Kafka
 */
public record BatchManifest(String batchId, String tenant, int total, String modelName, Instant acceptedAt) {

    public BatchManifest {
        RecognitionRequest.requireValidId(batchId);
        if (total < 1) {
            throw new IllegalArgumentException("batch " + batchId + " must hold at least one image, held " + total);
        }
        Objects.requireNonNull(acceptedAt, "acceptedAt");
    }
}
