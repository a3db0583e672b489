package io.streetdigits.trainer.network.zoo;

import io.streetdigits.trainer.architecture.Architecture;
import io.streetdigits.trainer.architecture.Architecture.Setting;
import org.nd4j.linalg.activations.Activation;

/**
 * A multi-layer perceptron: fully connected ReLU layers on the pixels, by default the course's two of 4,096 units
 * ({@link ZooSettings#COURSE_MLP}: 3072 x 4096 + 4096 x 4096 + 4096 x 11 weights on a 32x32 colour square).
 */
public final class Mlp implements ZooNetwork {

    public static final Architecture DESCRIPTOR = Zoo.classifier("mlp", 1, new Mlp(), Setting.MLP_HIDDEN);

    @Override
    public String addLayers(GraphBlocks blocks, String input, ZooSettings settings) {
        String previous = input;
        for (int i = 0; i < settings.mlpHidden().size(); i++) {
            previous = blocks.dense("hidden" + i, previous, settings.mlpHidden().get(i), Activation.RELU);
        }
        return previous;
    }
}
