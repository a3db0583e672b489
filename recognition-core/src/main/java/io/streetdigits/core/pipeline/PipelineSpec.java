package io.streetdigits.core.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * A reading that takes several models, declared once as data: the repository's {@code <name>/pipeline.json}, in
 * the manner of a Triton ensemble. Serving and the trainer's evaluation both run it through {@link PipelineReader},
 * so they cannot drift. A model named alone reads as a pipeline of one step.
 *
 * @param description what the pipeline does, for people
 * @param steps       the steps, in the order they run
 * @param calibration how the readings' raw confidence becomes the probability of being right; null to give the
 *                    raw confidence
 */
public record PipelineSpec(String description, List<PipelineStep> steps, Calibration calibration) {

    /** The file that declares a pipeline, in its folder of the model repository. */
    public static final String FILE = "pipeline.json";
    /**
     * A detector, a closer look and a character reader: more steps than those have no meaning today, and a longer
     * declaration is a mistake.
     */
    public static final int MAX_STEPS = 3;

    public PipelineSpec {
        Objects.requireNonNull(steps, "steps");
        steps = List.copyOf(steps);
        if (steps.isEmpty() || steps.size() > MAX_STEPS) {
            throw new IllegalArgumentException("a pipeline has 1 to " + MAX_STEPS + " steps, this one " + steps.size());
        }
    }

    /** The pipeline of one model read alone. */
    public static PipelineSpec of(String model) {
        return new PipelineSpec("model " + model + " alone", List.of(PipelineStep.of(model)), null);
    }

    /** The same steps with another calibration. */
    public PipelineSpec withCalibration(Calibration newCalibration) {
        return new PipelineSpec(description, steps, newCalibration);
    }

    /** The models' names, in the order they run. */
    public List<String> models() {
        return steps.stream().map(PipelineStep::model).toList();
    }
}
