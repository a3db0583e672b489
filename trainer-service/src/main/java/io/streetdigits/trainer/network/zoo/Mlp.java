package io.streetdigits.trainer.network.zoo;

import org.nd4j.linalg.activations.Activation;

/** A multi-layer perceptron: fully connected ReLU layers of the configured widths on the pixels. */
final class Mlp implements ZooNetwork {

    @Override
    public String addLayers(GraphBlocks blocks, String input, ZooSettings settings) {
        String previous = input;
        for (int i = 0; i < settings.mlpHidden().size(); i++) {
            previous = blocks.dense("hidden" + i, previous, settings.mlpHidden().get(i), Activation.RELU);
        }
        return previous;
    }
}
