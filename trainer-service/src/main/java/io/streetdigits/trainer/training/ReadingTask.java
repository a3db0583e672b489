package io.streetdigits.trainer.training;

import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.label.LabelSchema;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.tianchi.SubmissionScore;
import io.streetdigits.trainer.data.DigitBatches;
import io.streetdigits.trainer.data.EpochBatches;
import io.streetdigits.trainer.data.TrainingImage;
import io.streetdigits.trainer.network.DigitCnn;
import io.streetdigits.trainer.network.zoo.Zoo;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Reading digits from the whole photo, one softmax head per position ({@code digit-cnn} and the zoo's
 * architectures), judged by whole-string accuracy.
 */
public final class ReadingTask implements TrainingTask {

    private final TrainingSpec spec;

    public ReadingTask(TrainingSpec spec) {
        this.spec = spec;
    }

    @Override
    public String architecture() {
        return spec.architecture();
    }

    @Override
    public String cardTask() {
        return ModelCard.READS_DIGITS;
    }

    @Override
    public PreprocessingSpec preprocessing() {
        return PreprocessingSpec.centred(spec.network().inputWidth(), spec.network().inputHeight());
    }

    @Override
    public LabelSchema labels() {
        return LabelSchema.of(spec.network().positions());
    }

    @Override
    public ComputationGraph build(IUpdater updater) {
        if (Zoo.isNetwork(spec.architecture())) {
            return Zoo.build(spec.architecture(), spec.zoo(), spec.network().inputHeight(),
                    spec.network().inputWidth(), spec.network().positions(), updater, spec.weightDecay(), spec.seed());
        }
        if (spec.isKnn()) {
            throw new IllegalStateException("kNN has no network to build; KnnTraining fits it");
        }
        return DigitCnn.build(spec.network(), updater, spec.weightDecay(), spec.seed());
    }

    @Override
    public EpochBatches batches(List<TrainingImage> train) {
        return new DigitBatches(train, preprocessing(), labels(), spec.batchSize(), spec.augmentation(),
                spec.seed());
    }

    @Override
    public Validation validate(ComputationGraph network, List<TrainingImage> val) {
        return validate(input -> network.output(false, input), val);
    }

    /** @param model answers one array per position for a batch of inputs */
    public Validation validate(Function<INDArray, INDArray[]> model, List<TrainingImage> val) {
        return judge(model, reader(), val);
    }

    /**
     * Judges any model that answers like a reader of numbers (a trained network, or an ensemble in ONNX Runtime)
     * by the competition's metric on what {@code reader} shows it.
     */
    public static Validation judge(Function<INDArray, INDArray[]> model, DigitReader reader,
            List<TrainingImage> val) {
        SubmissionScore score = reader.score(model, val);
        return new Validation(score.accuracy(), Map.of(
                ModelCard.VAL_WHOLE_STRING_ACCURACY, score.accuracy(),
                ModelCard.VAL_CHARACTER_ACCURACY, score.characterAccuracy()));
    }

    @Override
    public INDArray features(List<TrainingImage> images) {
        return reader().features(images);
    }

    private DigitReader reader() {
        return DigitReader.wholePhotos(preprocessing(), labels());
    }
}
