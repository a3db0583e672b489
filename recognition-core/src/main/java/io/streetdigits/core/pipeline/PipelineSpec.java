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
 */
public record PipelineSpec(String description, List<PipelineStep> steps) {

    /** The file that declares a pipeline, in its folder of the model repository. */
    public static final String FILE = "pipeline.json";
    /** More steps than a detector and a character reader have no meaning today; a longer declaration is a mistake. */
    public static final int MAX_STEPS = 2;

    public PipelineSpec {
        Objects.requireNonNull(steps, "steps");
        steps = List.copyOf(steps);
        if (steps.isEmpty() || steps.size() > MAX_STEPS) {
            throw new IllegalArgumentException("a pipeline has 1 to " + MAX_STEPS + " steps, this one " + steps.size());
        }
    }

    /** The pipeline of one model read alone. */
    public static PipelineSpec of(String model) {
        return new PipelineSpec("model " + model + " alone", List.of(PipelineStep.of(model)));
    }

    /** The models' names, in the order they run. */
    public List<String> models() {
        return steps.stream().map(PipelineStep::model).toList();
    }
}
