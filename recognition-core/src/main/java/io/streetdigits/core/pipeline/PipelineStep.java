package io.streetdigits.core.pipeline;

import io.streetdigits.core.model.ModelRepository;

/**
 * One step of a {@link PipelineSpec}: the model it runs (its serving version) and that step's settings. What the
 * step does follows from the model's task: a detector of characters finds them in the whole photo, a character
 * reader reads each character found again in a square crop around it, a reader of numbers reads the whole photo.
 *
 * @param model      the model's name in the repository
 * @param threshold  for a detector: the least character score a peak needs to count as a character
 * @param maxOverlap for a detector: the largest intersection over union a character may share with a stronger one
 * @param margin     for a character reader: the room around each character, as a fraction of its height
 */
public record PipelineStep(String model, Double threshold, Double maxOverlap, Double margin) {

    public PipelineStep {
        ModelRepository.requireValidName(model);
        if (margin != null && !(margin >= 0)) {
            throw new IllegalArgumentException("step " + model + ": the margin must be >= 0, was " + margin);
        }
    }

    /** A step with no settings: a reader of whole photos. */
    public static PipelineStep of(String model) {
        return new PipelineStep(model, null, null, null);
    }
}
