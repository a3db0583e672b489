package io.streetdigits.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a model was made, so the model file alone answers "where did you come from?".
 *
 * @param dataset         where the training data came from (directories, generator settings)
 * @param trainImages     images used for training
 * @param valImages       images used for validation metrics
 * @param seed            the random seed of initialisation, shuffling and augmentation
 * @param epochs          passes over the training data
 * @param batchSize       images per training step
 * @param hyperParameters every other setting, as text
 * @param codeVersion     the source revision the trainer was built from ({@code git describe}), or "unknown"
 * @param framework       the training framework and version
 * @param trainingSeconds wall-clock training time
 * @param trainedAt       when training finished
 * @param imagesPerSecond training throughput, the median over the epochs (validation not counted), in network
 *                        inputs: images, or a character reader's characters (the first character readers' cards
 *                        count their numbers instead); null on cards written before it was
 * @param peakMemoryBytes the training process's peak resident memory when the model was published (the whole
 *                        process: a trainer that ran several jobs reports its largest); null where unknown
 * @param command         the command that trained it, to train it again ({@code ./streetdigits train ...}); null on
 *                        cards written before it was, and for models made otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingProvenance(
        String dataset,
        int trainImages,
        int valImages,
        long seed,
        int epochs,
        int batchSize,
        Map<String, String> hyperParameters,
        String codeVersion,
        String framework,
        double trainingSeconds,
        Instant trainedAt,
        Double imagesPerSecond,
        Long peakMemoryBytes,
        String command) {

    public TrainingProvenance {
        // Sorted, so model cards list settings in a stable order.
        hyperParameters = Collections.unmodifiableMap(new TreeMap<>(hyperParameters == null ? Map.of() : hyperParameters));
    }
}
