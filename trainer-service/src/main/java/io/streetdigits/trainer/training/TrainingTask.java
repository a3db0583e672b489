package io.streetdigits.trainer.training;

import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.label.LabelSchema;
import io.streetdigits.trainer.data.EpochBatches;
import io.streetdigits.trainer.data.TrainingImage;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

/** What a network learns and how it is judged: the part of a training run that differs between models. */
public interface TrainingTask {

    /** The architecture's name, as model cards record it. */
    String architecture();

    /** The model card's task: one of {@code ModelCard}'s. */
    String cardTask();

    PreprocessingSpec preprocessing();

    /** How outputs map to digits, for readers; null for a detector. */
    LabelSchema labels();

    ComputationGraph build(IUpdater updater);

    EpochBatches batches(List<TrainingImage> train);

    Validation validate(ComputationGraph network, List<TrainingImage> val);

    /** The network's input for these images as serving prepares it (for the parity check). */
    INDArray features(List<TrainingImage> images);
}
