package io.streetdigits.trainer.network.zoo;

import io.streetdigits.trainer.architecture.Architecture;
import io.streetdigits.trainer.architecture.Architecture.Setting;
import java.util.List;

/**
 * ResNet-18 (He et al. 2015): four stages of two basic blocks (two 3x3 conv-BN, the input added back, ReLU) with
 * 64, 128, 256, 512 channels at width 1; stages 2-4 halve the resolution in their first block, whose shortcut is a
 * 1x1 stride-2 convolution with batch normalisation (projection). Global average pooling ends it. The stem is
 * scaled to small inputs: a 3x3 stride-1 convolution without the paper's 7x7 stride-2 convolution and max pooling.
 */
public final class ResNet18 implements ZooNetwork {

    public static final Architecture DESCRIPTOR = Zoo.classifier("resnet18", Zoo.CONVOLUTIONAL_WIDTH,
            new ResNet18(), Setting.WIDTH);

    private static final List<Integer> CHANNELS = List.of(64, 128, 256, 512);
    private static final int BLOCKS_PER_STAGE = 2;

    @Override
    public String addLayers(GraphBlocks blocks, String input, ZooSettings settings) {
        String x = blocks.convBnRelu("stem", input, 3, 1, settings.scaled(64));
        int inChannels = settings.scaled(64);
        for (int stage = 0; stage < CHANNELS.size(); stage++) {
            int channels = settings.scaled(CHANNELS.get(stage));
            for (int block = 0; block < BLOCKS_PER_STAGE; block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                String name = "stage" + (stage + 1) + "_block" + (block + 1);
                String residual = blocks.convBn(name + "/conv2",
                        blocks.convBnRelu(name + "/conv1", x, 3, stride, channels), 3, 1, channels);
                String shortcut = stride == 1 && inChannels == channels ? x
                        : blocks.convBn(name + "/projection", x, 1, stride, channels);
                x = blocks.relu(name, blocks.add(name + "/add", residual, shortcut));
                inChannels = channels;
            }
        }
        return blocks.globalAveragePool("avgpool", x);
    }
}
