package io.streetdigits.core.contract;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Announced on the model-events topic when a trained model version lands in the model repository.
 *
 * @param model        the new version
 * @param architecture the network's architecture name, e.g. {@code digit-cnn}
 * @param location     the version's directory relative to the repository root, e.g. {@code digit-cnn/3}
 * @param metrics      validation metrics from the model card
 * @param publishedAt  when it was published
 */
public record ModelPublished(ModelRef model, String architecture, String location, Map<String, Double> metrics,
        Instant publishedAt) {

    public ModelPublished {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(location, "location");
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        Objects.requireNonNull(publishedAt, "publishedAt");
    }
}
