package io.streetdigits.trainer.training;

import io.streetdigits.trainer.export.ExportedModel;
import io.streetdigits.trainer.export.OnnxExporter;
import io.streetdigits.trainer.network.NetworkCost;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A trained DL4J network and the input size it was trained at. */
public record TrainedNetwork(ComputationGraph network, int inputHeight, int inputWidth) implements TrainedModel {

    @Override
    public ExportedModel export(List<Long> inputShape, String modelName, String docString) {
        return OnnxExporter.export(network, inputShape, modelName, docString);
    }

    @Override
    public INDArray[] outputs(INDArray inputs) {
        return network.output(false, inputs);
    }

    @Override
    public long parameterCount() {
        return network.numParams();
    }

    @Override
    public long flopsPerImage() {
        return NetworkCost.flopsPerImage(network, inputHeight, inputWidth);
    }
}
