package io.streetdigits.trainer.network.zoo;

/** A linear classifier: the heads read the pixels directly, so each position is a softmax regression. */
final class SoftmaxClassifier implements ZooNetwork {

    @Override
    public String addLayers(GraphBlocks blocks, String input, ZooSettings settings) {
        return input;
    }
}
