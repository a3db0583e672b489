package io.streetdigits.trainer;

import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.model.ModelVersion;
import io.streetdigits.trainer.ensemble.EnsembleBuilder;
import io.streetdigits.trainer.ensemble.EnsembleSpec;
import io.streetdigits.trainer.knn.KnnTraining;
import io.streetdigits.trainer.publish.ModelAnnouncer;
import io.streetdigits.trainer.publish.ModelPackager;
import io.streetdigits.trainer.training.Checkpoints;
import io.streetdigits.trainer.training.ConsoleProgress;
import io.streetdigits.trainer.training.TrainingData;
import io.streetdigits.trainer.training.TrainingLoop;
import io.streetdigits.trainer.training.TrainingOutcome;
import io.streetdigits.trainer.training.TrainingProgress;
import io.streetdigits.trainer.training.TrainingSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs one training job end to end: load data, train, export with parity, publish, announce; or joins published
 * models into an ensemble the same way.
 */
@ApplicationScoped
public class TrainingJobRunner {

    private static final Logger LOG = Logger.getLogger(TrainingJobRunner.class);

    @Inject
    TrainerConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
    String bootstrapServers;

    public ModelVersion run(TrainingSpec spec, boolean announce) throws Exception {
        return run(spec, announce, false, TrainingProgress.NONE, () -> false);
    }

    /**
     * @param resume    go on from the run's checkpoint rather than start afresh
     * @param progress  told of every batch and epoch, besides the log's progress bar
     * @param cancelled asked after every batch; once true, training stops with a CancellationException
     */
    public ModelVersion run(TrainingSpec spec, boolean announce, boolean resume, TrainingProgress progress,
            BooleanSupplier cancelled) throws Exception {
        TrainingData data = TrainingData.load(spec);
        TrainingProgress reported = new ConsoleProgress(Duration.ofSeconds(10)).and(progress);
        TrainingOutcome outcome = !spec.descriptor().hasNetwork() ? KnnTraining.train(spec, data, reported)
                : new TrainingLoop().train(spec, data, reported, cancelled,
                        new Checkpoints(config.training().checkpointsDir(), spec.modelName()), resume);
        LOG.infof("Training done in %.0f s: %s, from epoch %d", outcome.seconds(), outcome.validation().metrics(),
                outcome.bestEpoch());
        ModelRepository repository = new ModelRepository(config.modelsDir());
        ModelVersion version = ModelPackager.publish(outcome, spec, data.val(), repository,
                config.training().codeVersion());
        if (announce) {
            announce(repository, version);
        }
        return version;
    }

    /** Joins published readers into one, judges, publishes and (if asked) announces it. */
    public ModelVersion ensemble(EnsembleSpec spec) throws Exception {
        ModelRepository repository = new ModelRepository(config.modelsDir());
        ModelVersion version = EnsembleBuilder.build(spec, repository, config.training().codeVersion());
        if (spec.announce()) {
            announce(repository, version);
        }
        return version;
    }

    private void announce(ModelRepository repository, ModelVersion version) throws Exception {
        new ModelAnnouncer(bootstrapServers, config.modelEventsTopic()).announce(repository, version);
        LOG.infof("Announced %s on topic %s", version.ref(), config.modelEventsTopic());
    }
}
