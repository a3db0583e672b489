package io.streetdigits.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetdigits.core.detection.CharacterMaps;
import io.streetdigits.core.model.ParityCheck;
import io.streetdigits.trainer.dl4j.Dl4jRuntime;
import io.streetdigits.trainer.network.DigitCnn;
import io.streetdigits.trainer.network.DigitCnnConfig;
import io.streetdigits.trainer.network.DigitDetector;
import io.streetdigits.trainer.training.TrainedNetwork;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class OnnxExportParityTest {

    @Test
    void trainedDigitCnnAgreesWithOnnxRuntimeWithin1e4() {
        DigitCnnConfig config = new DigitCnnConfig(16, 32, List.of(4, 8), 16, 0.3, 3);
        ComputationGraph network = DigitCnn.build(config, new Adam(1e-2), 1e-4, 7);
        trainBriefly(network, config.inputHeight(), config.inputWidth(), 11);

        ExportedModel model = OnnxExporter.export(network, List.of(3L, 16L, 32L), "digit-cnn-test", "parity test");
        ParityCheck parity = OnnxParityChecker.check(network, model,
                OnnxParityChecker.randomInputs(model, 8, 99));

        assertThat(model.outputNames()).containsExactly("position_0", "position_1", "position_2");
        assertThat(model.inputShape()).containsExactly(3L, 16L, 32L);
        assertThat(parity.samples()).isEqualTo(8);
        assertThat(parity.maxAbsDifference()).isLessThanOrEqualTo(OnnxParityChecker.TOLERANCE);
        assertThat(parity.passed()).isTrue();
    }

    /**
     * A detector's export answers its two maps, per cell, through the encoder-decoder's upsampling and joins:
     * exactly the maps the trained network gives, for the decoder to read alike in training and serving.
     */
    @Test
    void detectorExportsItsTwoMapsAndAgreesWithOnnxRuntime() {
        DigitCnnConfig config = new DigitCnnConfig(32, 64, List.of(4, 8, 8, 8, 8), 1, 0, 1);
        ComputationGraph network = DigitDetector.build(config, new Adam(1e-2), 1e-4, 7);
        TrainedNetwork trained = new TrainedNetwork(network, 32, 64);

        ExportedModel model = trained.export(List.of(3L, 32L, 64L), "detector-test", "parity test");
        INDArray inputs = OnnxParityChecker.randomInputs(model, 8, 99);
        INDArray[] maps = trained.outputs(inputs);
        ParityCheck parity = OnnxParityChecker.check(model, inputs, maps);

        assertThat(model.outputNames()).containsExactly(CharacterMaps.CLASS_OUTPUT, CharacterMaps.SIZE_OUTPUT);
        assertThat(maps[0].shape()).containsExactly(8L, (long) CharacterMaps.CLASSES, 8L, 16L);
        assertThat(maps[1].shape()).containsExactly(8L, (long) CharacterMaps.SIZES, 8L, 16L);
        assertThat(parity.maxAbsDifference()).isLessThanOrEqualTo(OnnxParityChecker.TOLERANCE);
    }

    @Test
    void everySupportedConstructAgreesWithOnnxRuntime() {
        Dl4jRuntime.prepare();
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(3).dataType(DataType.FLOAT).updater(new Adam(1e-2))
                .graphBuilder()
                .addInputs("image")
                .setInputTypes(InputType.convolutional(12, 12, 3))
                .addLayer("conv", new ConvolutionLayer.Builder(5, 5).nOut(6).stride(1, 1).padding(2, 2)
                        .convolutionMode(ConvolutionMode.Truncate).activation(Activation.LEAKYRELU).build(), "image")
                .addLayer("lrn", new LocalResponseNormalization.Builder(2, 5, 1e-3, 0.75).build(), "conv")
                .addLayer("avg", new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(3, 3).stride(2, 2)
                        .convolutionMode(ConvolutionMode.Same).build(), "lrn")
                .addLayer("left", new ConvolutionLayer.Builder(1, 1).nOut(4).activation(Activation.TANH)
                        .convolutionMode(ConvolutionMode.Same).build(), "avg")
                .addLayer("right", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.SIGMOID)
                        .convolutionMode(ConvolutionMode.Same).build(), "avg")
                .addVertex("concat", new MergeVertex(), "left", "right")
                .addLayer("bn", new BatchNormalization.Builder().activation(Activation.RELU).build(), "concat")
                .addLayer("shortcut", new ConvolutionLayer.Builder(1, 1).nOut(8).activation(Activation.IDENTITY)
                        .convolutionMode(ConvolutionMode.Same).build(), "avg")
                .addVertex("residual", new ElementWiseVertex(ElementWiseVertex.Op.Add), "bn", "shortcut")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "residual")
                .addLayer("max", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build(), "residual")
                .addLayer("fc", new DenseLayer.Builder().nOut(10).activation(Activation.ELU).build(), "max")
                .addVertex("features", new MergeVertex(), "gap", "fc")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(11)
                        .activation(Activation.SOFTMAX).build(), "features")
                .setOutputs("out")
                .build();
        ComputationGraph network = new ComputationGraph(conf);
        network.init();
        trainBriefly(network, 12, 12, 11);

        ExportedModel model = OnnxExporter.export(network, List.of(3L, 12L, 12L), "constructs", "parity test");
        ParityCheck parity = OnnxParityChecker.check(network, model, OnnxParityChecker.randomInputs(model, 6, 5));

        assertThat(parity.maxAbsDifference()).isLessThanOrEqualTo(OnnxParityChecker.TOLERANCE);
    }

    /**
     * Trained networks have channels of small variance, where the epsilon matters: DL4J divides by
     * sqrt(std^2 + eps) with std the stored standard deviation. Exported as var = std^2 - eps instead (the
     * exporter's first version), this network fails the check.
     */
    @Test
    void batchNormalisationOfSmallVarianceChannelsAgreesWithOnnxRuntime() {
        Dl4jRuntime.prepare();
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(3).dataType(DataType.FLOAT).updater(new Adam(1e-3))
                .graphBuilder()
                .addInputs("image")
                .setInputTypes(InputType.convolutional(4, 4, 3))
                .addLayer("conv", new ConvolutionLayer.Builder(1, 1).nOut(3).activation(Activation.IDENTITY)
                        .build(), "image")
                .addLayer("bn", new BatchNormalization.Builder().build(), "conv")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(4)
                        .activation(Activation.IDENTITY).build(), "bn")
                .setOutputs("out")
                .build();
        ComputationGraph network = new ComputationGraph(conf);
        network.init();
        network.getLayer("bn").getParam("log10stdev").assign(-2.0); // std 0.01: std^2 1e-4 against eps 1e-5

        ExportedModel model = OnnxExporter.export(network, List.of(3L, 4L, 4L), "small-variance", "parity test");
        ParityCheck parity = OnnxParityChecker.check(network, model, OnnxParityChecker.randomInputs(model, 4, 2));

        assertThat(parity.maxAbsDifference()).isLessThanOrEqualTo(OnnxParityChecker.TOLERANCE);
    }

    @Test
    void aNetworkThatComputesNanFailsParityInsteadOfLookingPerfect() {
        DigitCnnConfig config = new DigitCnnConfig(16, 32, List.of(4), 8, 0.0, 1);
        ComputationGraph network = DigitCnn.build(config, new Adam(1e-3), 0, 1);
        network.getLayer("hidden").getParam("W").assign(Double.NaN);

        ExportedModel model = OnnxExporter.export(network, List.of(3L, 16L, 32L), "nan", "parity test");
        ParityCheck parity = OnnxParityChecker.check(network, model, OnnxParityChecker.randomInputs(model, 2, 1));

        assertThat(parity.maxAbsDifference()).isInfinite();
        assertThat(parity.passed()).isFalse();
    }

    @Test
    void unsupportedLayersAreRefusedByName() {
        Dl4jRuntime.prepare();
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .graphBuilder()
                .addInputs("image")
                .setInputTypes(InputType.convolutional(4, 4, 3))
                .addLayer("flat", new DenseLayer.Builder().nOut(4).build(), "image")
                .addLayer("memory", new LSTM.Builder().nOut(4).build(), "flat")
                .addLayer("out", new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build(), "memory")
                .setOutputs("out")
                .build();
        ComputationGraph network = new ComputationGraph(conf);
        network.init();

        assertThatThrownBy(() -> OnnxExporter.export(network, List.of(3L, 4L, 4L), "lstm", ""))
                .isInstanceOf(UnsupportedLayerException.class)
                .hasMessageContaining("'memory'");
    }

    /** A few steps on random data move weights and batch-norm statistics away from their initial values. */
    private static void trainBriefly(ComputationGraph network, int height, int width, int classes) {
        int batch = 16;
        int outputs = network.getNumOutputArrays();
        for (int step = 0; step < 5; step++) {
            INDArray features = Nd4j.rand(DataType.FLOAT, batch, 3, height, width).muli(2).subi(1);
            INDArray[] labels = new INDArray[outputs];
            for (int o = 0; o < outputs; o++) {
                labels[o] = Nd4j.zeros(DataType.FLOAT, batch, classes);
                for (int i = 0; i < batch; i++) {
                    labels[o].putScalar(i, (i + step + o) % classes, 1f);
                }
            }
            network.fit(new MultiDataSet(new INDArray[] {features}, labels));
        }
    }
}
