package io.streetdigits.gateway.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Where a batch stands.
 *
 * @param id         the batch id
 * @param status     {@code RUNNING} until every image has its result, then {@code COMPLETE}
 * @param total      images in the batch
 * @param done       images answered (with digits or an error)
 * @param failed     images answered with an error
 * @param acceptedAt when the last image was on Kafka
 * @param results    where the results stream (SSE or NDJSON)
 * @param submission where the competition CSV is, once complete
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchStatus(String id, String status, int total, int done, int failed, Instant acceptedAt,
        String results, String submission) {

    public boolean complete() {
        return done >= total;
    }
}
