package io.streetdigits.trainer.network;

import io.streetdigits.core.detection.CharacterMaps;
import io.streetdigits.trainer.architecture.Architecture;
import io.streetdigits.trainer.architecture.Architecture.Setting;
import io.streetdigits.trainer.data.Augmentation;
import io.streetdigits.trainer.training.CharacterDetection;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.impl.LossL1;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Finds every character of a house number in one look, CenterNet style (Zhou et al. 2019, "Objects as Points"):
 * a fully convolutional network that answers, for every cell of a grid at a quarter of the input's resolution,
 * the probability that a character of each digit is centred there (softmax over the ten digits and background,
 * {@link CharacterMaps#CLASS_OUTPUT}) and that character's width and height ({@link CharacterMaps#SIZE_OUTPUT}).
 * {@link io.streetdigits.core.detection.CharacterDecoder} reads the number from the two maps.
 *
 * <p>Why: the labels give every character's box, and a per-cell answer learns from every cell of every photo; one
 * network finds the characters wherever and however small they are, counts them by their peaks and reads them,
 * where a chain of box-finders and position readers lost photos at each step.
 *
 * <p>Layout: a small encoder-decoder (a feature pyramid). Encoder level {@code i} is one 3x3 conv-BN-ReLU block at
 * 1/2^i of the input's resolution, with {@code convChannels[i]} channels and 2x2 max pooling between levels; on the
 * way back up, each level from the deepest but one to the map's ({@link #STRIDE}) doubles the level below it
 * (nearest neighbour), joins it with its own encoder block and mixes the two in another block. The default five
 * levels let each cell see the whole 64-pixel height of the input and its neighbours, while the map keeps a cell
 * per 4 pixels, so adjacent digits get their own peaks. (Dilated convolutions would widen the view at one
 * resolution more simply, but DL4J's oneDNN helpers cannot run them and fall back to a slow path.) Then one 1x1
 * convolution per output. The digits are weighted {@link #DIGIT_WEIGHT} times the background in the classes'
 * cross-entropy: far fewer cells hold a centre than not.
 */
public final class DigitDetector {

    /** Input pixels per map cell, along each side. */
    public static final int STRIDE = 4;
    /** The encoder level whose resolution the map has: 1/2^2 = 1/{@link #STRIDE}. */
    private static final int MAP_LEVEL = 2;
    private static final double DIGIT_WEIGHT = 2.0;
    /**
     * The detector's defaults: photos stretched to 64x128 (twice as wide as tall, as most house numbers are; a
     * digit a third of the photo's height keeps about 21 pixels) and five levels of 16 to 128 channels.
     */
    public static final DigitCnnConfig DEFAULT_NETWORK = new DigitCnnConfig(64, 128, List.of(16, 32, 64, 96, 128),
            1, 0, 1); // no dense layer, dropout or position heads: the hidden units and positions go unused

    public static final Architecture DESCRIPTOR = new Architecture("digit-detector", CharacterDetection.LEARNING,
            new Architecture.Defaults(DEFAULT_NETWORK, Augmentation.WHOLE_PHOTOS, 1), null,
            (spec, updater) -> build(spec.network(), updater, spec.weightDecay(), spec.seed()),
            Set.of(Setting.CNN_LAYERS));

    private DigitDetector() {
    }

    public static ComputationGraph build(DigitCnnConfig config, IUpdater updater, double weightDecay, long seed) {
        if (config.convChannels().size() <= MAP_LEVEL) {
            throw new IllegalArgumentException("a " + DESCRIPTOR.name() + " needs more than " + MAP_LEVEL
                    + " levels (its map is level " + MAP_LEVEL + ", at a stride of " + STRIDE + "), was "
                    + config.convChannels());
        }
        if (config.inputHeight() % STRIDE != 0 || config.inputWidth() % STRIDE != 0) {
            throw new IllegalArgumentException("a " + DESCRIPTOR.name() + "'s input must be a multiple of " + STRIDE
                    + " on each side, was " + config.inputHeight() + "x" + config.inputWidth());
        }
        ComputationGraphConfiguration.GraphBuilder graph = DigitCnn.newGraph(config.inputHeight(),
                config.inputWidth(), updater, weightDecay, seed);
        List<Integer> channels = config.convChannels();
        String[] levels = new String[channels.size()];
        String previous = DigitCnn.INPUT;
        for (int level = 0; level < channels.size(); level++) {
            if (level > 0) {
                previous = DigitCnn.maxPool(graph, level - 1, previous);
            }
            levels[level] = DigitCnn.convBlock(graph, level, channels.get(level), 1, previous);
            previous = levels[level];
        }
        int block = channels.size();
        for (int level = channels.size() - 2; level >= MAP_LEVEL; level--, block++) {
            String up = "up" + block;
            String joined = "join" + block;
            graph.addLayer(up, new Upsampling2D.Builder(2).build(), previous)
                    .addVertex(joined, new MergeVertex(), up, levels[level]);
            previous = DigitCnn.convBlock(graph, block, channels.get(level), 1, joined);
        }
        float[] weights = new float[CharacterMaps.CLASSES];
        Arrays.fill(weights, (float) DIGIT_WEIGHT);
        weights[CharacterMaps.BACKGROUND] = 1;
        graph.addLayer("class_scores", head(CharacterMaps.CLASSES), previous)
                .addLayer(CharacterMaps.CLASS_OUTPUT, new CnnLossLayer.Builder()
                        .lossFunction(new LossMCXENT(Nd4j.create(weights)))
                        .activation(Activation.SOFTMAX)
                        .build(), "class_scores")
                .addLayer("size_values", head(CharacterMaps.SIZES), previous)
                .addLayer(CharacterMaps.SIZE_OUTPUT, new CnnLossLayer.Builder()
                        .lossFunction(new LossL1())
                        .activation(Activation.IDENTITY)
                        .build(), "size_values")
                .setOutputs(CharacterMaps.CLASS_OUTPUT, CharacterMaps.SIZE_OUTPUT);
        ComputationGraph network = new ComputationGraph(graph.build());
        network.init();
        return network;
    }

    private static ConvolutionLayer head(int channels) {
        return new ConvolutionLayer.Builder(1, 1)
                .nOut(channels)
                .activation(Activation.IDENTITY)
                .weightInit(WeightInit.XAVIER)
                .build();
    }
}
