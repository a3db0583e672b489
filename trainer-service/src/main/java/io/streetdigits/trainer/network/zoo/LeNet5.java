package io.streetdigits.trainer.network.zoo;

import io.streetdigits.trainer.architecture.Architecture;
import org.nd4j.linalg.activations.Activation;

/**
 * LeNet-5 (LeCun et al. 1998): C1 6@5x5, S2 average pooling, C3 16@5x5, S4, C5 120@5x5, F6 84, tanh throughout,
 * without padding. On a 32x32 digit C5 sees 5x5 and becomes a vector; on wider photos it keeps a small map, which
 * F6 flattens. Its widths are the paper's and do not scale.
 */
public final class LeNet5 implements ZooNetwork {

    public static final Architecture DESCRIPTOR = Zoo.classifier("lenet5", 1, new LeNet5());

    @Override
    public String addLayers(GraphBlocks blocks, String input, ZooSettings settings) {
        String c1 = blocks.convValid("c1", input, 5, 6, Activation.TANH);
        String s2 = blocks.averagePool("s2", c1, 2, 2);
        String c3 = blocks.convValid("c3", s2, 5, 16, Activation.TANH);
        String s4 = blocks.averagePool("s4", c3, 2, 2);
        String c5 = blocks.convValid("c5", s4, 5, 120, Activation.TANH);
        return blocks.dense("f6", c5, 84, Activation.TANH);
    }
}
