package io.streetdigits.trainer.network.zoo;

import io.streetdigits.trainer.architecture.Architecture;
import io.streetdigits.trainer.architecture.Architecture.Setting;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.activations.Activation;

/**
 * VGG (Simonyan and Zisserman 2014): five stacks of 3x3 convolutions (64, 128, 256, 512, 512 channels at width 1),
 * each ending in 2x2 max pooling, then two fully connected layers of 4,096 with dropout 0.5. The depth picks the
 * paper's configuration A (11 weight layers), B (13), D (16) or E (19); the zoo has A and D. Every convolution is
 * followed by batch normalisation, as in the "_bn" variants, without which the deeper ones do not train from scratch in a few epochs.
 */
public final class Vgg implements ZooNetwork {

    /** Convolutions per stack, by depth (three fully connected layers make up the rest). */
    private static final Map<Integer, List<Integer>> STACKS = Map.of(
            11, List.of(1, 1, 2, 2, 2),
            13, List.of(2, 2, 2, 2, 2),
            16, List.of(2, 2, 3, 3, 3),
            19, List.of(2, 2, 4, 4, 4));
    private static final List<Integer> CHANNELS = List.of(64, 128, 256, 512, 512);

    /** Configuration A. */
    public static final Architecture VGG11 = Zoo.classifier("vgg11", Zoo.CONVOLUTIONAL_WIDTH, new Vgg(11),
            Setting.WIDTH);
    /** Configuration D. */
    public static final Architecture VGG16 = Zoo.classifier("vgg16", Zoo.CONVOLUTIONAL_WIDTH, new Vgg(16),
            Setting.WIDTH);

    private final List<Integer> stacks;

    private Vgg(int depth) {
        stacks = STACKS.get(depth);
    }

    @Override
    public String addLayers(GraphBlocks blocks, String input, ZooSettings settings) {
        String x = input;
        for (int stack = 0; stack < stacks.size(); stack++) {
            for (int conv = 0; conv < stacks.get(stack); conv++) {
                x = blocks.convBnRelu("conv" + (stack + 1) + "_" + (conv + 1), x, 3, 1,
                        settings.scaled(CHANNELS.get(stack)));
            }
            x = blocks.maxPool("pool" + (stack + 1), x, 2, 2);
        }
        x = blocks.dense("fc6", x, settings.scaled(4096), Activation.RELU);
        x = blocks.dropout("drop6", x, 0.5);
        x = blocks.dense("fc7", x, settings.scaled(4096), Activation.RELU);
        return blocks.dropout("drop7", x, 0.5);
    }
}
