package io.streetdigits.core.contract;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where a training job stands: sent on the training-progress topic (keyed by job id) and the trainer's SSE stream
 * at most about once a second while it trains, and on every change of state. The latest one is the job's status.
 *
 * @param jobId        the job's id
 * @param model        the name the job publishes under
 * @param architecture what it trains
 * @param state        one of {@link #STATES}
 * @param epoch        the epoch under way or last finished, 1-based; 0 before the first
 * @param epochs       epochs in the run
 * @param batch        batches done in the epoch
 * @param batches      batches per epoch
 * @param loss         the latest batch's training loss; null before the first
 * @param validation   the last finished epoch's validation metrics (e.g. {@code valWholeStringAccuracy})
 * @param etaSeconds   estimated seconds until training ends; null while unknown
 * @param published    the model version the job published, once {@code SUCCEEDED}
 * @param error        why it failed, once {@code FAILED}
 * @param at           when this was the state
 */
public record TrainingJobEvent(String jobId, String model, String architecture, String state, int epoch, int epochs,
        int batch, int batches, Double loss, Map<String, Double> validation, Double etaSeconds, ModelRef published,
        String error, Instant at) {

    public static final String QUEUED = "QUEUED";
    public static final String RUNNING = "RUNNING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    public static final String CANCELLED = "CANCELLED";
    public static final Set<String> STATES = Set.of(QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED);

    public TrainingJobEvent {
        Objects.requireNonNull(jobId, "jobId");
        if (!STATES.contains(state)) {
            throw new IllegalArgumentException("unknown training job state '" + state + "'");
        }
        validation = validation == null ? Map.of() : Map.copyOf(validation);
        Objects.requireNonNull(at, "at");
    }

    /** Whether the job has ended: nothing follows this event. */
    public boolean finished() {
        return state.equals(SUCCEEDED) || state.equals(FAILED) || state.equals(CANCELLED);
    }
}
