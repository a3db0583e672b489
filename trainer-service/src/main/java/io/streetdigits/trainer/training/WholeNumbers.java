package io.streetdigits.trainer.training;

import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.label.DigitSequenceCodec;
import io.streetdigits.core.label.LabelSchema;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.tianchi.SubmissionScore;
import io.streetdigits.trainer.data.DigitBatches;
import io.streetdigits.trainer.data.EpochBatches;
import io.streetdigits.trainer.data.TrainingImage;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reading every digit of the whole photo at once, one softmax output per position ({@code digit-cnn}), judged by
 * whole-string accuracy.
 */
public final class WholeNumbers implements Learning {

    public static final WholeNumbers LEARNING = new WholeNumbers();

    private WholeNumbers() {
    }

    @Override
    public String cardTask() {
        return ModelCard.READS_DIGITS;
    }

    @Override
    public LabelSchema labels(TrainingSpec spec) {
        return LabelSchema.of(spec.network().positions());
    }

    @Override
    public EpochBatches batches(TrainingSpec spec, PreprocessingSpec preprocessing, List<TrainingImage> train) {
        return new DigitBatches(train, preprocessing, labels(spec), spec.batchSize(), spec.augmentation(),
                spec.seed());
    }

    @Override
    public Validation judge(Function<INDArray, INDArray[]> model, TrainingSpec spec, PreprocessingSpec preprocessing,
            List<TrainingImage> val) {
        return judge(model, DigitReader.wholePhotos(preprocessing, labels(spec)), val);
    }

    /**
     * Judges any model that answers like a reader of numbers by the competition's metric on what {@code reader}
     * shows it.
     */
    public static Validation judge(Function<INDArray, INDArray[]> model, DigitReader reader,
            List<TrainingImage> val) {
        SubmissionScore score = reader.score(model, val);
        return new Validation(score.accuracy(), Map.of(
                ModelCard.VAL_WHOLE_STRING_ACCURACY, score.accuracy(),
                ModelCard.VAL_CHARACTER_ACCURACY, score.characterAccuracy()));
    }

    @Override
    public INDArray features(TrainingSpec spec, PreprocessingSpec preprocessing, List<TrainingImage> photos) {
        return DigitReader.wholePhotos(preprocessing, labels(spec)).features(photos);
    }

    @Override
    public int[][] classes(TrainingSpec spec, List<TrainingImage> photos) {
        return classes(labels(spec), photos);
    }

    /** Each photo's class at each position: {@code classes[position][photo]}. */
    public static int[][] classes(LabelSchema schema, List<TrainingImage> photos) {
        DigitSequenceCodec codec = new DigitSequenceCodec(schema);
        int[][] classes = new int[schema.positions()][photos.size()];
        for (int i = 0; i < photos.size(); i++) {
            int[] encoded = codec.encode(photos.get(i).label().code());
            for (int p = 0; p < encoded.length; p++) {
                classes[p][i] = encoded[p];
            }
        }
        return classes;
    }
}
