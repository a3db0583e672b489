package io.streetdigits.trainer.network.zoo;

import io.streetdigits.trainer.architecture.Architecture;
import io.streetdigits.trainer.architecture.Architecture.Setting;
import org.nd4j.linalg.activations.Activation;

/**
 * AlexNet (Krizhevsky et al. 2012) scaled to small inputs: the paper's 11x11 stride-4 first convolution, made for
 * 224x224, becomes 5x5 stride 1; the rest keeps its shape: five ReLU convolutions (64, 192, 384, 256, 256 channels
 * at width 1), local response normalisation after the first two, 3x3 stride-2 max pooling after the first, second
 * and fifth, then two fully connected layers of 4,096 with dropout 0.5.
 */
public final class AlexNet implements ZooNetwork {

    public static final Architecture DESCRIPTOR = Zoo.classifier("alexnet", Zoo.CONVOLUTIONAL_WIDTH, new AlexNet(),
            Setting.WIDTH);

    @Override
    public String addLayers(GraphBlocks blocks, String input, ZooSettings settings) {
        String x = blocks.convRelu("conv1", input, 5, 1, settings.scaled(64));
        x = blocks.localResponseNorm("lrn1", x);
        x = blocks.maxPool("pool1", x, 3, 2);
        x = blocks.convRelu("conv2", x, 5, 1, settings.scaled(192));
        x = blocks.localResponseNorm("lrn2", x);
        x = blocks.maxPool("pool2", x, 3, 2);
        x = blocks.convRelu("conv3", x, 3, 1, settings.scaled(384));
        x = blocks.convRelu("conv4", x, 3, 1, settings.scaled(256));
        x = blocks.convRelu("conv5", x, 3, 1, settings.scaled(256));
        x = blocks.maxPool("pool5", x, 3, 2);
        x = blocks.dense("fc6", x, settings.scaled(4096), Activation.RELU);
        x = blocks.dropout("drop6", x, 0.5);
        x = blocks.dense("fc7", x, settings.scaled(4096), Activation.RELU);
        return blocks.dropout("drop7", x, 0.5);
    }
}
