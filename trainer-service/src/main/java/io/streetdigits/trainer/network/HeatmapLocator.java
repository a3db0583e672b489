package io.streetdigits.trainer.network;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Finds the digits in a photo by marking them: a fully convolutional network that says, for every cell of a grid
 * at a quarter of the input's resolution, how much of the cell the digits cover (sigmoid, cross-entropy against
 * the covered fraction). The box is then drawn around the marked cells ({@link HeatmapBox}), in Java while
 * training and inside the exported ONNX graph, so serving reads a box as from any locator.
 *
 * <p>Why: a locator that regresses four numbers from the whole photo learns from one example per photo; here every
 * cell is a training example of "digits or not". On val it drew better boxes than the regression at the same
 * training cost but missed the same small numbers in large photos (docs/accuracy.md).
 *
 * <p>Layout: the digit CNN's first two conv-BN-ReLU-maxpool blocks bring the input to a quarter of its size; the
 * remaining blocks keep that resolution and widen their view instead, each dilated twice as far as the one before
 * (2, 4, ...), so with the default four blocks each cell's view spans 58 input pixels; then dropout and a 1x1 convolution
 * to the one-channel map.
 */
public final class HeatmapLocator {

    public static final String ARCHITECTURE = "heatmap-locator";
    /** The network's own output: the map, one channel. Its export ends with {@link HeatmapBox#OUTPUT} instead. */
    public static final String HEATMAP = "heatmap";
    /** Input pixels per map cell, along each side. */
    public static final int STRIDE = 4;
    private static final int POOLED_BLOCKS = 2;

    private HeatmapLocator() {
    }

    public static ComputationGraph build(DigitCnnConfig config, IUpdater updater, double weightDecay, long seed) {
        if (config.convChannels().size() < POOLED_BLOCKS) {
            throw new IllegalArgumentException("a " + ARCHITECTURE + " needs at least " + POOLED_BLOCKS
                    + " convolution blocks to reach its map's stride of " + STRIDE + ", was "
                    + config.convChannels());
        }
        ComputationGraphConfiguration.GraphBuilder graph = DigitCnn.newGraph(config.inputHeight(),
                config.inputWidth(), updater, weightDecay, seed);
        String previous = DigitCnn.INPUT;
        int dilation = 1;
        for (int block = 0; block < config.convChannels().size(); block++) {
            boolean pooled = block < POOLED_BLOCKS;
            if (!pooled) {
                dilation *= 2;
            }
            previous = DigitCnn.convBlock(graph, block, config.convChannels().get(block), dilation, previous);
            if (pooled) {
                previous = DigitCnn.maxPool(graph, block, previous);
            }
        }
        graph.addLayer("dropout", new DropoutLayer.Builder(1.0 - config.dropout()).build(), previous)
                .addLayer("cells", new ConvolutionLayer.Builder(1, 1)
                        .nOut(1)
                        .activation(Activation.IDENTITY)
                        .weightInit(WeightInit.XAVIER)
                        .build(), "dropout")
                .addLayer(HEATMAP, new CnnLossLayer.Builder(LossFunctions.LossFunction.XENT)
                        .activation(Activation.SIGMOID)
                        .build(), "cells")
                .setOutputs(HEATMAP);
        ComputationGraph network = new ComputationGraph(graph.build());
        network.init();
        return network;
    }

    /** Whether a network is one of these: its one output is the heat map. */
    public static boolean isHeatmap(ComputationGraph network) {
        return network.getConfiguration().getNetworkOutputs().equals(List.of(HEATMAP));
    }

    /**
     * What a network's export answers for these inputs: for a heat-map locator the box drawn around its map and
     * the map's peak, for any other network its own outputs.
     */
    public static INDArray[] exportedOutputs(ComputationGraph network, INDArray inputs) {
        INDArray[] outputs = network.output(false, inputs);
        return isHeatmap(network) ? HeatmapBox.outputs(outputs[0]) : outputs;
    }
}
