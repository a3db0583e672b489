package io.streetdigits.trainer.training;

import io.streetdigits.core.detection.CharacterDecoder;
import io.streetdigits.core.detection.CharacterMaps;
import io.streetdigits.core.image.ImagePreprocessor;
import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.label.LabelSchema;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.pipeline.PipelineReader;
import io.streetdigits.trainer.data.DetectionBatches;
import io.streetdigits.trainer.data.EpochBatches;
import io.streetdigits.trainer.data.ImageBatches;
import io.streetdigits.trainer.data.TrainingImage;
import io.streetdigits.trainer.network.DigitDetector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Detecting the characters of whole photos ({@code digit-detector}), judged by the competition's metric: the share
 * of photos whose characters, decoded by {@link CharacterDecoder}, read as the labelled number. It is judged at each
 * of {@link #THRESHOLDS} and scored at the best, which the model card records as {@link ModelCard#BEST_THRESHOLD}:
 * the threshold a pipeline declares for it, chosen on the photos the run was judged on (a held-out part of train,
 * see {@code --hold-out}).
 */
public final class CharacterDetection implements Learning {

    public static final CharacterDetection LEARNING = new CharacterDetection();
    static final List<Double> THRESHOLDS = List.of(0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6);
    private static final int BATCH = 64;

    private CharacterDetection() {
    }

    @Override
    public String cardTask() {
        return ModelCard.DETECTS_CHARACTERS;
    }

    @Override
    public LabelSchema labels(TrainingSpec spec) {
        return null;
    }

    @Override
    public EpochBatches batches(TrainingSpec spec, PreprocessingSpec preprocessing, List<TrainingImage> train) {
        return new DetectionBatches(train, ImageBatches.wholeImages(train), preprocessing, spec.batchSize(),
                spec.augmentation(), spec.seed(), DigitDetector.STRIDE);
    }

    /** Whole-string accuracy at each threshold, scored at the best. */
    @Override
    public Validation judge(Function<INDArray, INDArray[]> model, TrainingSpec spec, PreprocessingSpec preprocessing,
            List<TrainingImage> val) {
        List<CharacterDecoder> decoders = THRESHOLDS.stream()
                .map(threshold -> new CharacterDecoder(threshold, PipelineReader.DEFAULT_MAX_OVERLAP)).toList();
        int[] right = new int[THRESHOLDS.size()];
        for (int start = 0; start < val.size(); start += BATCH) {
            List<TrainingImage> batch = val.subList(start, Math.min(start + BATCH, val.size()));
            INDArray[] outputs = model.apply(features(batch, preprocessing));
            float[] classes = outputs[0].castTo(DataType.FLOAT).dup('c').data().asFloat();
            float[] sizes = outputs[1].castTo(DataType.FLOAT).dup('c').data().asFloat();
            int height = (int) outputs[0].size(2);
            int width = (int) outputs[0].size(3);
            int cells = height * width;
            for (int i = 0; i < batch.size(); i++) {
                CharacterMaps maps = new CharacterMaps(classes, i * CharacterMaps.CLASSES * cells, sizes,
                        i * CharacterMaps.SIZES * cells, height, width);
                String truth = batch.get(i).label().code();
                for (int t = 0; t < THRESHOLDS.size(); t++) {
                    if (decoders.get(t).read(maps).digits().equals(truth)) {
                        right[t]++;
                    }
                }
            }
        }
        int best = 0;
        for (int t = 1; t < THRESHOLDS.size(); t++) {
            if (right[t] > right[best]) {
                best = t;
            }
        }
        double accuracy = val.isEmpty() ? 0 : (double) right[best] / val.size();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(ModelCard.VAL_WHOLE_STRING_ACCURACY, accuracy);
        metrics.put(ModelCard.BEST_THRESHOLD, THRESHOLDS.get(best));
        return new Validation(accuracy, metrics);
    }

    @Override
    public INDArray features(TrainingSpec spec, PreprocessingSpec preprocessing, List<TrainingImage> photos) {
        return features(photos, preprocessing);
    }

    @Override
    public int[][] classes(TrainingSpec spec, List<TrainingImage> photos) {
        throw new UnsupportedOperationException("a detector's targets are maps, not classes");
    }

    /** Each whole image, preprocessed as serving does, one after another. */
    static INDArray features(List<TrainingImage> images, PreprocessingSpec preprocessing) {
        return DigitReader.features(images, TrainingImage::whole, new ImagePreprocessor(preprocessing));
    }
}
