package io.streetdigits.trainer.network;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Finds the digits in a photo: the digit CNN's trunk with one head that regresses the box around all digits as
 * fractions of the image (left, top, right, bottom; sigmoid, L1 loss). A reader of tight crops reads what it finds.
 */
public final class DigitLocator {

    public static final String ARCHITECTURE = "digit-locator";
    public static final String OUTPUT = "box";

    private DigitLocator() {
    }

    public static ComputationGraph build(DigitCnnConfig config, IUpdater updater, double weightDecay, long seed) {
        ComputationGraphConfiguration.GraphBuilder graph = DigitCnn.trunk(config, updater, weightDecay, seed);
        graph.addLayer(OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.L1)
                        .nOut(4)
                        .activation(Activation.SIGMOID)
                        .weightInit(WeightInit.XAVIER)
                        .build(), "dropout")
                .setOutputs(OUTPUT);
        ComputationGraph network = new ComputationGraph(graph.build());
        network.init();
        return network;
    }
}
