package io.streetdigits.trainer.network.zoo;

import io.streetdigits.trainer.architecture.Architecture;
/** A linear classifier: the heads read the pixels directly, so each position is a softmax regression. */
public final class SoftmaxClassifier implements ZooNetwork {

    public static final Architecture DESCRIPTOR = Zoo.classifier("softmax", 1, new SoftmaxClassifier());

    @Override
    public String addLayers(GraphBlocks blocks, String input, ZooSettings settings) {
        return input;
    }
}
