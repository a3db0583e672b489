package io.streetdigits.trainer.network.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetdigits.core.model.ParityCheck;
import io.streetdigits.trainer.architecture.Architecture;
import io.streetdigits.trainer.architecture.Architectures;
import io.streetdigits.trainer.data.Augmentation;
import io.streetdigits.trainer.export.ExportedModel;
import io.streetdigits.trainer.export.OnnxExporter;
import io.streetdigits.trainer.export.OnnxParityChecker;
import io.streetdigits.trainer.network.NetworkCost;
import io.streetdigits.trainer.training.SingleCharacters;
import io.streetdigits.trainer.training.TrainingSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Every network of the zoo as its descriptor builds it, narrow, on a 32x32 square: trained a few steps, exported,
 * and run in ONNX Runtime, the two must agree within 1e-4.
 */
class ZooParityTest {

    private static final int SIZE = SingleCharacters.INPUT_SIZE;
    private static final ZooSettings NARROW = new ZooSettings(0.125, List.of(32, 16), 5, "euclidean");

    static Stream<String> networks() {
        return Architectures.names().stream().map(Architectures::named)
                .filter(a -> a.hasNetwork() && Architecture.DEFAULT_PIPELINE.equals(a.runsBehind()))
                .map(Architecture::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void exportAgreesWithDl4j(String architecture) {
        ComputationGraph network = build(architecture, NARROW);
        trainBriefly(network);

        ExportedModel model = OnnxExporter.export(network, List.of(3L, (long) SIZE, (long) SIZE), architecture,
                "zoo parity test");
        ParityCheck parity = OnnxParityChecker.check(network, model, OnnxParityChecker.randomInputs(model, 4, 13));

        assertThat(model.outputNames()).containsExactly("position_0");
        assertThat(parity.maxAbsDifference()).isLessThanOrEqualTo(OnnxParityChecker.TOLERANCE);
        assertThat(NetworkCost.flopsPerImage(network, SIZE, SIZE)).isGreaterThanOrEqualTo(network.numParams());
    }

    @Test
    void operationsAreCountedFromTheLayerShapes() {
        ComputationGraph lenet = build("lenet5", NARROW);

        // Multiply-adds: C1 5x5x3x6 at 28x28, C3 5x5x6x16 at 10x10, C5 5x5x16x120 at 1x1, F6 120x84, output 84x11.
        long multiplyAdds = 75L * 6 * 28 * 28 + 150L * 16 * 10 * 10 + 400L * 120 + 120L * 84 + 84L * 11;
        assertThat(NetworkCost.flopsPerImage(lenet, SIZE, SIZE)).isEqualTo(2 * multiplyAdds);
    }

    @Test
    void theCoursesMlpHasItsTwentyNineMillionWeights() {
        ComputationGraph mlp = build("mlp", new ZooSettings(1, ZooSettings.COURSE_MLP, 5, "euclidean"));

        // 3072 x 4096 + 4096 x 4096 + 4096 x 11 weights (our output has an 11th class, "no digit"), and the biases.
        assertThat(mlp.numParams()).isEqualTo(3072L * 4096 + 4096L * 4096 + 4096L * 11 + 4096 + 4096 + 11);
    }

    private static ComputationGraph build(String architecture, ZooSettings settings) {
        TrainingSpec spec = new TrainingSpec(architecture, architecture, SingleCharacters.SQUARE, Path.of("unused"), 1,
                8, 1e-3, 1e-4, 5, Augmentation.NONE, 0, "plain", 0, 0, 0, 0, settings, true, 0, null);
        return spec.task().build(new Adam(1e-3));
    }

    /** A few steps on random data move weights and batch-norm statistics away from their initial values. */
    private static void trainBriefly(ComputationGraph network) {
        int batch = 8;
        for (int step = 0; step < 3; step++) {
            INDArray features = Nd4j.rand(DataType.FLOAT, batch, 3, SIZE, SIZE).muli(2).subi(1);
            INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, 11);
            for (int i = 0; i < batch; i++) {
                labels.putScalar(i, (i + step) % 11, 1f);
            }
            network.fit(new MultiDataSet(new INDArray[] {features}, new INDArray[] {labels}));
        }
    }
}
