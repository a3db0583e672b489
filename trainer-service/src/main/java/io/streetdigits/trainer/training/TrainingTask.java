package io.streetdigits.trainer.training;

import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.label.LabelSchema;
import io.streetdigits.trainer.architecture.Architecture;
import io.streetdigits.trainer.data.EpochBatches;
import io.streetdigits.trainer.data.TrainingImage;
import java.util.List;
import java.util.function.Function;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * One run's architecture and what it learns, bound to the run's settings: what the training loop, kNN, the packager
 * and the parity check ask of a run, the same for every architecture.
 */
public final class TrainingTask {

    private final TrainingSpec spec;
    private final Architecture architecture;
    private final Learning learning;
    private final PreprocessingSpec preprocessing;

    TrainingTask(TrainingSpec spec) {
        this.spec = spec;
        this.architecture = spec.descriptor();
        this.learning = architecture.learning();
        this.preprocessing = PreprocessingSpec.centred(spec.network().inputWidth(), spec.network().inputHeight());
    }

    /** The architecture's name, as model cards record it. */
    public String architecture() {
        return architecture.name();
    }

    /** The model card's task: one of {@code ModelCard}'s. */
    public String cardTask() {
        return learning.cardTask();
    }

    /** The pipeline the model reads behind when named alone; null for models that read photos themselves. */
    public String runsBehind() {
        return architecture.runsBehind();
    }

    public PreprocessingSpec preprocessing() {
        return preprocessing;
    }

    /** How outputs map to digits, for readers; null for a detector. */
    public LabelSchema labels() {
        return learning.labels(spec);
    }

    public ComputationGraph build(IUpdater updater) {
        if (!architecture.hasNetwork()) {
            throw new IllegalStateException(architecture.name() + " has no network to build");
        }
        return architecture.builder().build(spec, updater);
    }

    public EpochBatches batches(List<TrainingImage> train) {
        return learning.batches(spec, preprocessing, train);
    }

    public Validation validate(ComputationGraph network, List<TrainingImage> val) {
        return judge(input -> network.output(false, input), val);
    }

    /** @param model answers as this task's networks do, for a batch of inputs */
    public Validation judge(Function<INDArray, INDArray[]> model, List<TrainingImage> val) {
        return learning.judge(model, spec, preprocessing, val);
    }

    /** The network's input for these photos as serving prepares it (for the parity check and kNN). */
    public INDArray features(List<TrainingImage> photos) {
        return learning.features(spec, preprocessing, photos);
    }

    /** The class of each of {@link #features}' inputs at each output. */
    public int[][] classes(List<TrainingImage> photos) {
        return learning.classes(spec, photos);
    }
}
