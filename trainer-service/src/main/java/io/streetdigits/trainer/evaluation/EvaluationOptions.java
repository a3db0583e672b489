package io.streetdigits.trainer.evaluation;

import io.streetdigits.core.pipeline.PipelineSpec;
import io.streetdigits.core.pipeline.PipelineStep;
import io.streetdigits.trainer.architecture.Architecture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code evaluate} command's options: which pipeline, on which photos, and what to try in place of its
 * declared settings ({@code --threshold}, {@code --max-overlap}, {@code --margin}, {@code --steps}), so settings are
 * chosen on held-out training photos before they are declared.
 *
 * @param pipeline the pipeline's (or a model's) name
 * @param split    the data folder's split to read ({@code val} or {@code train})
 * @param holdOut  read the last this many training photos instead (those a run held out with {@code --hold-out})
 * @param out      where to write the readings as a submission CSV; null for none
 * @param fitCalibration read with the raw confidence and fit the {@code Calibration} to declare from these photos
 */
public record EvaluationOptions(String pipeline, Path dataRoot, String split, int holdOut, Double threshold,
        Double maxOverlap, Double margin, Integer steps, Path out, boolean fitCalibration) {

    public static EvaluationOptions parse(List<String> args, Path defaultDataRoot) {
        String pipeline = Architecture.DEFAULT_PIPELINE;
        Path dataRoot = defaultDataRoot;
        String split = "val";
        int holdOut = 0;
        Double threshold = null;
        Double maxOverlap = null;
        Double margin = null;
        Integer steps = null;
        Path out = null;
        boolean fitCalibration = false;
        for (int i = 0; i < args.size(); i += 2) {
            String option = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args.get(i + 1);
            try {
                switch (option) {
                    case "--pipeline" -> pipeline = value;
                    case "--data-dir" -> dataRoot = Path.of(value);
                    case "--split" -> split = value;
                    case "--hold-out" -> holdOut = Integer.parseInt(value);
                    case "--threshold" -> threshold = Double.parseDouble(value);
                    case "--max-overlap" -> maxOverlap = Double.parseDouble(value);
                    case "--margin" -> margin = Double.parseDouble(value);
                    case "--steps" -> steps = Integer.parseInt(value);
                    case "--out" -> out = Path.of(value);
                    case "--fit-calibration" -> fitCalibration = Boolean.parseBoolean(value);
                    default -> throw new IllegalArgumentException("unknown option '" + option + "'; options are"
                            + " --pipeline, --data-dir, --split, --hold-out, --threshold, --max-overlap, --margin,"
                            + " --steps, --out, --fit-calibration");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option " + option + " cannot take '" + value + "'", e);
            }
        }
        return new EvaluationOptions(pipeline, dataRoot, split, holdOut, threshold, maxOverlap, margin, steps, out,
                fitCalibration);
    }

    /** The declared pipeline with this run's settings in place of its own. */
    public PipelineSpec apply(PipelineSpec declared) {
        List<PipelineStep> steps = new ArrayList<>();
        int count = this.steps == null ? declared.steps().size() : Math.min(this.steps, declared.steps().size());
        for (int s = 0; s < count; s++) {
            PipelineStep step = declared.steps().get(s);
            steps.add(new PipelineStep(step.model(),
                    threshold != null && s == 0 ? threshold : step.threshold(),
                    maxOverlap != null && s == 0 ? maxOverlap : step.maxOverlap(),
                    margin != null && s > 0 ? margin : step.margin()));
        }
        return new PipelineSpec(declared.description(), steps, fitCalibration ? null : declared.calibration());
    }

    /** What the photos are, for the report's title. */
    public String photos() {
        return holdOut > 0 ? "the last " + holdOut + " training photos" : "the " + split + " photos";
    }
}
