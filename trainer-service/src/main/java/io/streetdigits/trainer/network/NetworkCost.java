package io.streetdigits.trainer.network;

import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Operations per image, counted from the layer shapes as Canziani et al. count them: every multiply-add of a
 * convolution or a fully connected layer is two floating-point operations. Normalisation, pooling, activations
 * and additions are left out; in these networks they are a few percent.
 */
public final class NetworkCost {

    private NetworkCost() {
    }

    public static long flopsPerImage(ComputationGraph network, int inputHeight, int inputWidth) {
        ComputationGraphConfiguration conf = network.getConfiguration().clone();
        Map<String, InputType> activations = conf.getLayerActivationTypes(
                InputType.convolutional(inputHeight, inputWidth, 3));
        long flops = 0;
        for (Map.Entry<String, GraphVertex> vertex : conf.getVertices().entrySet()) {
            if (!(vertex.getValue() instanceof LayerVertex layerVertex)) {
                continue;
            }
            Layer layer = layerVertex.getLayerConf().getLayer();
            if (layer instanceof ConvolutionLayer conv) {
                InputType.InputTypeConvolutional output =
                        (InputType.InputTypeConvolutional) activations.get(vertex.getKey());
                long kernel = (long) conv.getKernelSize()[0] * conv.getKernelSize()[1];
                flops += 2 * kernel * conv.getNIn() * conv.getNOut() * output.getHeight() * output.getWidth();
            } else if (layer instanceof FeedForwardLayer dense) {
                flops += 2 * dense.getNIn() * dense.getNOut();
            }
        }
        return flops;
    }
}
