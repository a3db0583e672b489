package io.streetdigits.trainer.training;

import java.util.Map;

/**
 * How a network did on the validation images.
 *
 * @param score   the figure the best epoch is chosen by (higher is better)
 * @param metrics every figure, for the model card and the progress lines
 */
public record Validation(double score, Map<String, Double> metrics) {

    public Validation {
        metrics = Map.copyOf(metrics);
    }
}
