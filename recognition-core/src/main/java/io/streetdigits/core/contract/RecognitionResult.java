package io.streetdigits.core.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The answer to one {@link RecognitionRequest}, published as JSON on the results topic with the request id as key.
 * Exactly one of {@code digits} and {@code error} is set.
 *
 * @param id          the request id
 * @param digits      the digit string read, e.g. {@code "1934"}; {@code null} on error
 * @param confidence  the probability of the whole reading (product over positions); {@code null} on error
 * @param positions   what each output position (for a character reader: each character) read, left to right;
 *                    empty on error
 * @param model       the model version that read the digits (the last step of the pipeline); {@code null} when
 *                    none was reached
 * @param pipeline    the pipeline read (or the model's name, where a model is read alone); {@code null} on error
 * @param models      every model version that produced the reading, in the order they ran; empty on error
 * @param timings     where the time went; {@code null} when the request never reached a model
 * @param error       why it failed; {@code null} on success
 * @param batchId     copied from the request
 * @param fileName    copied from the request
 * @param tenant      copied from the request
 * @param completedAt when the result was produced
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecognitionResult(
        String id,
        String digits,
        Double confidence,
        List<PositionPrediction> positions,
        ModelRef model,
        String pipeline,
        List<ModelRef> models,
        Timings timings,
        RecognitionError error,
        String batchId,
        String fileName,
        String tenant,
        Instant completedAt) {

    public RecognitionResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(completedAt, "completedAt");
        positions = positions == null ? List.of() : List.copyOf(positions);
        models = models == null ? List.of() : List.copyOf(models);
        if ((digits == null) == (error == null)) {
            throw new IllegalArgumentException("result " + id + " must carry either digits or an error");
        }
    }

    /** @param models the model versions of the pipeline's steps, in order; the last one read the digits */
    public static RecognitionResult success(RecognitionRequest request, DigitReading reading, String pipeline,
            List<ModelRef> models, Timings timings, Instant completedAt) {
        return new RecognitionResult(request.id(), reading.digits(), reading.confidence(), reading.positions(),
                models.get(models.size() - 1), pipeline, models, timings, null, request.batchId(),
                request.fileName(), request.tenant(), completedAt);
    }

    /** An error for a record that could not even be read as a request: only its id is known. */
    public static RecognitionResult failure(String id, RecognitionError error, Instant completedAt) {
        return new RecognitionResult(id, null, null, List.of(), null, null, List.of(), null, error, null, null, null,
                completedAt);
    }

    public static RecognitionResult failure(RecognitionRequest request, RecognitionError error, ModelRef model,
            Instant completedAt) {
        return new RecognitionResult(request.id(), null, null, List.of(), model, null, List.of(), null, error,
                request.batchId(), request.fileName(), request.tenant(), completedAt);
    }

    @JsonIgnore
    public boolean succeeded() {
        return error == null;
    }
}
