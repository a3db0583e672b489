package io.streetdigits.trainer.training;

import io.streetdigits.trainer.export.ExportedModel;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What a training run produced, as publishing sees it: it exports itself and says what its export must answer. */
public interface TrainedModel {

    /** @param inputShape channels, height and width */
    ExportedModel export(List<Long> inputShape, String modelName, String docString);

    /** Its own outputs for these NCHW inputs, in the order of the export's outputs, for the parity check. */
    INDArray[] outputs(INDArray inputs);

    /** Trainable parameters, or for kNN the stored exemplar values. */
    long parameterCount();

    /** Floating-point operations of one image's forward pass, counted from the layer shapes. */
    long flopsPerImage();
}
