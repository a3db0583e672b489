package io.streetdigits.core.contract;

import java.time.Instant;
import java.util.Objects;

/**
 * Written by the gateway on the batches topic once every image of a batch is on the requests topic: from then on
 * the batch is accepted, and any gateway instance can report its progress and build its CSV from the results.
 *
 * <p>The manifest names the request ids the batch accepted without listing them (a batch may hold 100,000
 * images): with {@code requestIds} {@value #INDEXED_IDS}, the i-th image of the batch is the request
 * {@code <batchId>.<i>}, for i from 0 to {@code total - 1} ({@link #requestId}). A batch counts the results of those
 * ids only, each once; a record produced onto the requests topic with a batch's {@code batch-id} header but another
 * id is answered, but is not part of the batch. Manifests written before this field existed have none (null):
 * their batches count results by file name.
 *
 * @param batchId    the batch id, the {@code batch-id} header of each of its requests
 * @param tenant     who submitted it
 * @param total      images in the batch
 * @param modelName  the model requested for every image, or null for the default
 * @param acceptedAt when the last image was on Kafka
 * @param requestIds {@value #INDEXED_IDS}: the batch's request ids are {@code <batchId>.0} to
 *                   {@code <batchId>.<total-1>}; null for a manifest of an older gateway
 */
public record BatchManifest(String batchId, String tenant, int total, String modelName, Instant acceptedAt,
        String requestIds) {

    /** The {@code requestIds} of a batch whose i-th image is the request {@code <batchId>.<i>}. */
    public static final String INDEXED_IDS = "indexed";

    public BatchManifest {
        RecognitionRequest.requireValidId(batchId);
        if (total < 1) {
            throw new IllegalArgumentException("batch " + batchId + " must hold at least one image, held " + total);
        }
        Objects.requireNonNull(acceptedAt, "acceptedAt");
    }

    /** The manifest of a batch whose request ids are {@code <batchId>.<index>}. */
    public static BatchManifest indexed(String batchId, String tenant, int total, String modelName,
            Instant acceptedAt) {
        return new BatchManifest(batchId, tenant, total, modelName, acceptedAt, INDEXED_IDS);
    }

    /** The request id of the batch's image at {@code index} (from 0). */
    public static String requestId(String batchId, int index) {
        return RecognitionRequest.requireValidId(batchId + "." + index);
    }

    /** Whether this batch's request ids are {@code <batchId>.<index>} (false for an older gateway's manifest). */
    public boolean indexedIds() {
        return INDEXED_IDS.equals(requestIds);
    }

    /**
     * The index of {@code requestId} among this batch's request ids, or -1 when it is not one of them (another
     * batch's, out of range, not in the canonical form, or a manifest without indexed ids).
     */
    public int indexOf(String requestId) {
        if (!indexedIds()) {
            return -1;
        }
        int index = index(batchId, requestId);
        return index < total ? index : -1;
    }

    /**
     * The index in {@code <batchId>.<index>} (decimal, without leading zeros), or -1 when {@code requestId} has not
     * that form; says nothing of the batch's size.
     */
    public static int index(String batchId, String requestId) {
        if (requestId == null || batchId == null || requestId.length() <= batchId.length() + 1
                || !requestId.startsWith(batchId) || requestId.charAt(batchId.length()) != '.') {
            return -1;
        }
        String digits = requestId.substring(batchId.length() + 1);
        if (digits.length() > 9 || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(digits);
    }
}
