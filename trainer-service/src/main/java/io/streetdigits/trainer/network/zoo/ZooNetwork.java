package io.streetdigits.trainer.network.zoo;

/** One of the course's classic classifiers, ending where its softmax output takes over. */
interface ZooNetwork {

    /**
     * Adds the architecture's layers after the image input {@code input}.
     *
     * @return the vertex the output reads
     */
    String addLayers(GraphBlocks blocks, String input, ZooSettings settings);
}
