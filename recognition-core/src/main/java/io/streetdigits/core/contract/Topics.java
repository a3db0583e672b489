package io.streetdigits.core.contract;

/**
 * Default names of the Kafka topics. They are a public interface: every service reads them from configuration
 * (defaulting to these) and users produce to and consume from them directly.
 */
public final class Topics {

    /** Raw image bytes as the record value, metadata in {@link RequestHeaders}. */
    public static final String RECOGNITION_REQUESTS = "recognition-requests";
    /** {@link RecognitionResult} as JSON, keyed by request id. */
    public static final String RECOGNITION_RESULTS = "recognition-results";
    /** {@link ModelPublished} as JSON, keyed by model name. */
    public static final String MODEL_EVENTS = "model-events";
    /**
     * Requests that could not be answered with digits, as they arrived (value, key and headers) plus
     * {@link DeadLetterHeaders}; each also got an error result.
     */
    public static final String DEAD_LETTERS = "recognition-dead-letters";
    /** {@link BatchManifest} as JSON, keyed by batch id. */
    public static final String BATCHES = "recognition-batches";
    /** {@link TrainingJobEvent} as JSON, keyed by job id. */
    public static final String TRAINING_PROGRESS = "training-progress";

    private Topics() {
    }
}
