package io.streetdigits.trainer.network;

import io.streetdigits.core.label.LabelSchema;
import io.streetdigits.trainer.architecture.Architecture;
import io.streetdigits.trainer.architecture.Architecture.Setting;
import io.streetdigits.trainer.data.Augmentation;
import io.streetdigits.trainer.dl4j.Dl4jRuntime;
import io.streetdigits.trainer.training.SingleCharacters;
import io.streetdigits.trainer.training.TrainingSpec;
import io.streetdigits.trainer.training.WholeNumbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The multi-head digit CNN: blocks of 3x3 convolution, batch normalisation, ReLU and 2x2 max pooling, a shared
 * fully connected layer, then one softmax head per digit position (11 classes: 0-9 and "no digit").
 * Reading all positions at once from the whole image follows Goodfellow et al. 2013 (multi-digit SVHN).
 */
public final class DigitCnn {

    public static final String INPUT = "image";

    /** Reads whole photos, every position at once. */
    public static final Architecture DESCRIPTOR = new Architecture("digit-cnn", WholeNumbers.LEARNING,
            new Architecture.Defaults(DigitCnnConfig.DEFAULT, Augmentation.DEFAULT, 1), null, DigitCnn::build,
            Set.of(Setting.CNN_LAYERS));
    /**
     * The trunk as a classifier of one character in a 32x32 square, trained for the detector's boxes, which sit off
     * the character by some ({@link Augmentation#CELL_ERRORS}).
     */
    public static final Architecture CHARACTER_READER = new Architecture("character-reader",
            SingleCharacters.LEARNING, new Architecture.Defaults(SingleCharacters.SQUARE, Augmentation.CELL_ERRORS, 1),
            Architecture.DEFAULT_PIPELINE, DigitCnn::build, Set.of(Setting.CNN_LAYERS, Setting.DIGIT_MARGIN));

    private DigitCnn() {
    }

    /** Names of the output heads, left to right: {@code position_0}, {@code position_1}, ... */
    public static List<String> outputNames(int positions) {
        List<String> names = new ArrayList<>(positions);
        for (int p = 0; p < positions; p++) {
            names.add("position_" + p);
        }
        return names;
    }

    private static ComputationGraph build(TrainingSpec spec, IUpdater updater) {
        return build(spec.network(), updater, spec.weightDecay(), spec.seed());
    }

    public static ComputationGraph build(DigitCnnConfig config, IUpdater updater, double weightDecay, long seed) {
        ComputationGraphConfiguration.GraphBuilder graph = trunk(config, updater, weightDecay, seed);
        return withPositionHeads(graph, "dropout", config.positions());
    }

    /**
     * Puts one softmax head per digit position on the vertex {@code features}, names them as
     * {@link #outputNames(int)} says, and builds the network. Every reading architecture ends this way.
     */
    public static ComputationGraph withPositionHeads(ComputationGraphConfiguration.GraphBuilder graph,
            String features, int positions) {
        List<String> outputs = outputNames(positions);
        for (String output : outputs) {
            graph.addLayer(output, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nOut(LabelSchema.DIGIT_CLASSES + 1)
                    .activation(Activation.SOFTMAX)
                    .weightInit(WeightInit.XAVIER)
                    .build(), features);
        }
        graph.setOutputs(outputs.toArray(String[]::new));
        ComputationGraph network = new ComputationGraph(graph.build());
        network.init();
        return network;
    }

    /**
     * A graph with the image input and the settings every network here shares: float32, Adam with decoupled
     * weight decay, He initialisation, SAME padding unless a layer says otherwise.
     */
    public static ComputationGraphConfiguration.GraphBuilder newGraph(int inputHeight, int inputWidth,
            IUpdater updater, double weightDecay, long seed) {
        Dl4jRuntime.prepare();
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(updater)
                .weightDecay(weightDecay)
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(inputHeight, inputWidth, 3));
    }

    /**
     * Adds block {@code block}'s 3x3 convolution (dilated by {@code dilation}), batch normalisation and ReLU after
     * {@code input}, named {@code conv<block>}, {@code bn<block>} and {@code relu<block>}; returns the ReLU's name.
     */
    static String convBlock(ComputationGraphConfiguration.GraphBuilder graph, int block, int channels, int dilation,
            String input) {
        String conv = "conv" + block;
        String norm = "bn" + block;
        String relu = "relu" + block;
        graph.addLayer(conv, new ConvolutionLayer.Builder(3, 3)
                        .dilation(dilation, dilation)
                        .nOut(channels)
                        .hasBias(false) // the batch normalisation that follows has its own shift
                        .activation(Activation.IDENTITY)
                        .build(), input)
                .addLayer(norm, new BatchNormalization.Builder().build(), conv)
                .addLayer(relu, new ActivationLayer(Activation.RELU), norm);
        return relu;
    }

    /** Adds block {@code block}'s 2x2 max pooling, named {@code pool<block>}, after {@code input}; returns its name. */
    static String maxPool(ComputationGraphConfiguration.GraphBuilder graph, int block, String input) {
        String pool = "pool" + block;
        graph.addLayer(pool, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(),
                input);
        return pool;
    }

    /**
     * The shared part: conv-BN-ReLU-maxpool blocks, then a dense layer with dropout, ending at the vertex
     * {@code dropout}; readers put their own heads on it.
     */
    static ComputationGraphConfiguration.GraphBuilder trunk(DigitCnnConfig config, IUpdater updater,
            double weightDecay, long seed) {
        ComputationGraphConfiguration.GraphBuilder graph = newGraph(config.inputHeight(), config.inputWidth(), updater,
                weightDecay, seed);

        String previous = INPUT;
        for (int block = 0; block < config.convChannels().size(); block++) {
            previous = maxPool(graph, block, convBlock(graph, block, config.convChannels().get(block), 1, previous));
        }
        graph.addLayer("hidden", new DenseLayer.Builder()
                        .nOut(config.hiddenUnits())
                        .activation(Activation.RELU)
                        .build(), previous)
                // DL4J's dropout argument is the probability of keeping a unit.
                .addLayer("dropout", new DropoutLayer.Builder(1.0 - config.dropout()).build(), "hidden");
        return graph;
    }
}
