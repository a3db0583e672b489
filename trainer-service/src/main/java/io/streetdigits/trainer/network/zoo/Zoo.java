package io.streetdigits.trainer.network.zoo;

import io.streetdigits.trainer.architecture.Architecture;
import io.streetdigits.trainer.architecture.Architecture.Setting;
import io.streetdigits.trainer.data.Augmentation;
import io.streetdigits.trainer.network.DigitCnn;
import io.streetdigits.trainer.training.SingleCharacters;
import java.util.EnumSet;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/**
 * What the course's classic classifiers share: each classifies one character in a 32x32 square (the size of the
 * papers' CIFAR and SVHN variants), serves behind the default pipeline's detector, and ends in one softmax output.
 */
final class Zoo {

    /**
     * The papers' convolutional networks train at a quarter of their widths: operations grow with the square of the
     * width, so at width 1 ResNet-18 alone would cost about 16 times its 70 MFLOPs per character at 0.25 and train
     * for hours on 2 cores, past the comparison's two hours for all nine (docs/model-comparison.md). LeNet-5, the MLP
     * and softmax keep the course's sizes.
     */
    static final double CONVOLUTIONAL_WIDTH = 0.25;

    private Zoo() {
    }

    /**
     * A zoo member's descriptor.
     *
     * @param width   its default width where {@code settings} has {@link Setting#WIDTH}, else 1
     * @param network its layers, on which the output is put
     */
    static Architecture classifier(String name, double width, ZooNetwork network, Setting... settings) {
        EnumSet<Setting> own = EnumSet.of(Setting.DIGIT_MARGIN, settings);
        return new Architecture(name, SingleCharacters.LEARNING,
                new Architecture.Defaults(SingleCharacters.SQUARE, Augmentation.CHARACTERS, width),
                Architecture.DEFAULT_PIPELINE, (spec, updater) -> {
                    ComputationGraphConfiguration.GraphBuilder graph = DigitCnn.newGraph(spec.network().inputHeight(),
                            spec.network().inputWidth(), updater, spec.weightDecay(), spec.seed());
                    String features = network.addLayers(new GraphBlocks(graph), DigitCnn.INPUT, spec.zoo());
                    return DigitCnn.withPositionHeads(graph, features, spec.network().positions());
                }, own);
    }

}
