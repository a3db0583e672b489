package io.streetdigits.trainer;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.pipeline.Calibration;
import io.streetdigits.core.pipeline.PipelineSpec;
import io.streetdigits.core.tianchi.SubmissionCsv;
import io.streetdigits.trainer.ensemble.EnsembleSpec;
import io.streetdigits.trainer.evaluation.EvaluationOptions;
import io.streetdigits.trainer.evaluation.PipelineEvaluation;
import io.streetdigits.trainer.jobs.TrainingJobs;
import io.streetdigits.trainer.training.TrainingOptions;
import io.streetdigits.trainer.training.TrainingProgress;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Ways to run the trainer: without arguments it serves (training jobs over REST, health, metrics; the jobs of its
 * earlier runs are listed again from the training-progress topic); {@code train [--option value ...]} runs one
 * training job, publishes the model and exits with 0 on success; {@code ensemble --members name/version,...} joins
 * published readers into one model the same way.
 */
@QuarkusMain
public class TrainerMain implements QuarkusApplication {

    private static final Logger LOG = Logger.getLogger(TrainerMain.class);

    @Inject
    TrainerConfig config;

    @Inject
    TrainingJobRunner runner;

    @Inject
    TrainingJobs jobs;

    @Override
    public int run(String... args) throws Exception {
        if (args.length == 0) {
            jobs.restoreHistory();
            Quarkus.waitForExit();
            return 0;
        }
        List<String> options = Arrays.asList(args).subList(1, args.length);
        return switch (args[0]) {
            case "train" -> train(options);
            case "ensemble" -> ensemble(options);
            case "evaluate" -> evaluate(options);
            default -> {
                LOG.errorf("unknown command '%s'; usage: train [--option value ...], ensemble --members"
                        + " name/version,... [--option value ...], evaluate [--pipeline NAME] [--option value ...],"
                        + " or no arguments to serve", args[0]);
                yield 2;
            }
        };
    }

    private int train(List<String> options) {
        TrainingOptions.Parsed parsed;
        try {
            parsed = TrainingOptions.parse(options, config.training());
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
            return 2;
        }
        try {
            runner.run(parsed.spec(), parsed.announce(), parsed.resume(), TrainingProgress.NONE, () -> false);
            return 0;
        } catch (Exception e) {
            LOG.errorf(e, "training failed: %s", e.getMessage());
            return 1;
        }
    }

    private int ensemble(List<String> options) {
        try {
            runner.ensemble(EnsembleSpec.parse(options, config.training()));
            return 0;
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
            return 2;
        } catch (Exception e) {
            LOG.errorf(e, "the ensemble failed: %s", e.getMessage());
            return 1;
        }
    }

    private int evaluate(List<String> options) {
        try {
            EvaluationOptions parsed = EvaluationOptions.parse(options, config.training().dataDir());
            ModelRepository repository = new ModelRepository(config.modelsDir());
            PipelineSpec spec = parsed.apply(repository.reading(parsed.pipeline()));
            List<PipelineEvaluation.Read> reads = PipelineEvaluation.read(repository, parsed.pipeline(), spec,
                    PipelineEvaluation.images(parsed.dataRoot(), parsed.split(), parsed.holdOut()));
            System.out.println(PipelineEvaluation.report("pipeline " + parsed.pipeline() + " " + spec.steps()
                    + " on " + parsed.photos(), reads));
            if (parsed.fitCalibration()) {
                Calibration fitted = Calibration.fit(reads.stream()
                        .map(read -> new Calibration.Sample(read.reading().confidence(), read.right())).toList());
                System.out.printf("calibration fitted on %s, to declare in %s: \"calibration\": {\"slope\": %.4f,"
                        + " \"intercept\": %.4f}%n", parsed.photos(), PipelineSpec.FILE, fitted.slope(),
                        fitted.intercept());
            }
            if (parsed.out() != null) {
                Map<String, String> codes = new LinkedHashMap<>();
                reads.forEach(read -> codes.put(read.fileName(), read.reading().digits()));
                SubmissionCsv.write(parsed.out(), codes);
            }
            return 0;
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
            return 2;
        } catch (Exception e) {
            LOG.errorf(e, "the evaluation failed: %s", e.getMessage());
            return 1;
        }
    }

    public static void main(String... args) {
        Quarkus.run(TrainerMain.class, args);
    }

}
