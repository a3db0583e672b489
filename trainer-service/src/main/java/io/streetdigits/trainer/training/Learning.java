package io.streetdigits.trainer.training;

import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.label.LabelSchema;
import io.streetdigits.trainer.data.EpochBatches;
import io.streetdigits.trainer.data.TrainingImage;
import java.util.List;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What an architecture learns from the labelled photos, and how that is judged: the part of training that differs
 * between tasks, whatever network learns it. {@link WholeNumbers} reads every digit of a photo at once,
 * {@link SingleCharacters} classifies one character in a square around its box, {@link CharacterDetection} finds
 * and reads every character of a photo.
 */
public interface Learning {

    /** The model card's task: one of {@code ModelCard}'s. */
    String cardTask();

    /** How outputs map to digits, for readers; null for a detector. */
    LabelSchema labels(TrainingSpec spec);

    EpochBatches batches(TrainingSpec spec, PreprocessingSpec preprocessing, List<TrainingImage> train);

    /**
     * Judges any model that answers as this task's networks do (a trained network, kNN, or an export in ONNX
     * Runtime) on labelled photos.
     */
    Validation judge(Function<INDArray, INDArray[]> model, TrainingSpec spec, PreprocessingSpec preprocessing,
            List<TrainingImage> val);

    /** The network's inputs for these photos as serving prepares them, unaugmented, one after another. */
    INDArray features(TrainingSpec spec, PreprocessingSpec preprocessing, List<TrainingImage> photos);

    /**
     * The class of each input {@link #features} makes of these photos, at each output: {@code classes[output][input]}
     * (what kNN stores beside its exemplars).
     */
    int[][] classes(TrainingSpec spec, List<TrainingImage> photos);
}
