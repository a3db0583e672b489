package io.streetdigits.trainer.network.zoo;

import io.streetdigits.trainer.architecture.Architecture;
import io.streetdigits.trainer.architecture.Architecture.Setting;
/**
 * GoogLeNet (Szegedy et al. 2014): a stem, nine Inception modules (parallel 1x1, 1x1-then-3x3, 1x1-then-5x5 and
 * 3x3-pool-then-1x1 branches, joined along the channels; the 1x1 reductions keep it cheap), global average pooling
 * and dropout 0.4. The stem is scaled to small inputs (3x3 stride 1 instead of 7x7 stride 2), the auxiliary
 * classifiers are left out, and every convolution is followed by batch normalisation (as in Inception v2).
 */
public final class GoogLeNet implements ZooNetwork {

    public static final Architecture DESCRIPTOR = Zoo.classifier("googlenet", Zoo.CONVOLUTIONAL_WIDTH,
            new GoogLeNet(), Setting.WIDTH);

    /** One Inception module's widths at width 1, as the paper's table 1 lists them. */
    private record Inception(String name, int oneByOne, int reduce3, int threeByThree, int reduce5, int fiveByFive,
            int poolProjection) {
    }

    @Override
    public String addLayers(GraphBlocks blocks, String input, ZooSettings settings) {
        String x = blocks.convBnRelu("stem1", input, 3, 1, settings.scaled(64));
        x = blocks.maxPool("stem_pool1", x, 3, 2);
        x = blocks.convBnRelu("stem2_reduce", x, 1, 1, settings.scaled(64));
        x = blocks.convBnRelu("stem2", x, 3, 1, settings.scaled(192));
        x = blocks.maxPool("stem_pool2", x, 3, 2);
        x = inception(blocks, x, new Inception("3a", 64, 96, 128, 16, 32, 32), settings);
        x = inception(blocks, x, new Inception("3b", 128, 128, 192, 32, 96, 64), settings);
        x = blocks.maxPool("pool3", x, 3, 2);
        x = inception(blocks, x, new Inception("4a", 192, 96, 208, 16, 48, 64), settings);
        x = inception(blocks, x, new Inception("4b", 160, 112, 224, 24, 64, 64), settings);
        x = inception(blocks, x, new Inception("4c", 128, 128, 256, 24, 64, 64), settings);
        x = inception(blocks, x, new Inception("4d", 112, 144, 288, 32, 64, 64), settings);
        x = inception(blocks, x, new Inception("4e", 256, 160, 320, 32, 128, 128), settings);
        x = blocks.maxPool("pool4", x, 3, 2);
        x = inception(blocks, x, new Inception("5a", 256, 160, 320, 32, 128, 128), settings);
        x = inception(blocks, x, new Inception("5b", 384, 192, 384, 48, 128, 128), settings);
        x = blocks.globalAveragePool("avgpool", x);
        return blocks.dropout("drop", x, 0.4);
    }

    private static String inception(GraphBlocks blocks, String input, Inception m, ZooSettings settings) {
        String prefix = "inception" + m.name() + "/";
        String one = blocks.convBnRelu(prefix + "1x1", input, 1, 1, settings.scaled(m.oneByOne()));
        String three = blocks.convBnRelu(prefix + "3x3", blocks.convBnRelu(prefix + "3x3_reduce", input, 1, 1,
                settings.scaled(m.reduce3())), 3, 1, settings.scaled(m.threeByThree()));
        String five = blocks.convBnRelu(prefix + "5x5", blocks.convBnRelu(prefix + "5x5_reduce", input, 1, 1,
                settings.scaled(m.reduce5())), 5, 1, settings.scaled(m.fiveByFive()));
        String pool = blocks.convBnRelu(prefix + "pool_proj", blocks.maxPool(prefix + "pool", input, 3, 1), 1, 1,
                settings.scaled(m.poolProjection()));
        return blocks.concat("inception" + m.name(), one, three, five, pool);
    }
}
