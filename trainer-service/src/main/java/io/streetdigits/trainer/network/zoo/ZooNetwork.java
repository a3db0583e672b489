package io.streetdigits.trainer.network.zoo;

/** One of the course's classic classifiers, ending where the digit-position heads take over. */
interface ZooNetwork {

    /**
     * Adds the architecture's layers after the image input {@code input}.
     *
     * @return the vertex the position heads read
     */
    String addLayers(GraphBlocks blocks, String input, ZooSettings settings);
}
