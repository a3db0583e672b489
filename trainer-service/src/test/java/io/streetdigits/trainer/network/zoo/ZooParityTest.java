package io.streetdigits.trainer.network.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetdigits.core.model.ParityCheck;
import io.streetdigits.trainer.export.ExportedModel;
import io.streetdigits.trainer.export.OnnxExporter;
import io.streetdigits.trainer.export.OnnxParityChecker;
import io.streetdigits.trainer.network.NetworkCost;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Every zoo network, small (32x64 input, narrow), trained a few steps, exported, and run in ONNX Runtime: the two
 * must agree within 1e-4 on every output.
 */
class ZooParityTest {

    private static final int HEIGHT = 32;
    private static final int WIDTH = 64;
    private static final int POSITIONS = 3;

    static Stream<Arguments> networks() {
        ZooSettings narrow = new ZooSettings(0.125, List.of(32, 16), 11, 5, "euclidean");
        Stream<Arguments> each = Zoo.networks().stream().map(name -> Arguments.of(name, narrow));
        return Stream.concat(each, Stream.of(Arguments.of("vgg", new ZooSettings(0.0625, List.of(32), 16, 5,
                "euclidean"))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("networks")
    void exportAgreesWithDl4j(String architecture, ZooSettings settings) {
        ComputationGraph network = Zoo.build(architecture, settings, HEIGHT, WIDTH, POSITIONS, new Adam(1e-3), 1e-4,
                5);
        trainBriefly(network);

        ExportedModel model = OnnxExporter.export(network,
                List.of(3L, (long) HEIGHT, (long) WIDTH), architecture, "zoo parity test");
        ParityCheck parity = OnnxParityChecker.check(network, model, OnnxParityChecker.randomInputs(model, 4, 13));

        assertThat(model.outputNames()).containsExactly("position_0", "position_1", "position_2");
        assertThat(parity.maxAbsDifference()).isLessThanOrEqualTo(OnnxParityChecker.TOLERANCE);
        assertThat(NetworkCost.flopsPerImage(network, HEIGHT, WIDTH)).isGreaterThanOrEqualTo(network.numParams());
    }

    @Test
    void operationsAreCountedFromTheLayerShapes() {
        ComputationGraph lenet = Zoo.build("lenet5", ZooSettings.DEFAULT, HEIGHT, WIDTH, POSITIONS, new Adam(1e-3),
                0, 1);

        // Multiply-adds: C1 5x5x3x6 at 28x60, C3 5x5x6x16 at 10x26, C5 5x5x16x120 at 1x9, F6 1080x84, heads 84x11x3.
        long multiplyAdds = 75L * 6 * 28 * 60 + 150L * 16 * 10 * 26 + 400L * 120 * 9 + 1080L * 84 + 84L * 11 * 3;
        assertThat(NetworkCost.flopsPerImage(lenet, HEIGHT, WIDTH)).isEqualTo(2 * multiplyAdds);
    }

    /** A few steps on random data move weights and batch-norm statistics away from their initial values. */
    private static void trainBriefly(ComputationGraph network) {
        int batch = 8;
        for (int step = 0; step < 3; step++) {
            INDArray features = Nd4j.rand(DataType.FLOAT, batch, 3, HEIGHT, WIDTH).muli(2).subi(1);
            INDArray[] labels = new INDArray[POSITIONS];
            for (int p = 0; p < POSITIONS; p++) {
                labels[p] = Nd4j.zeros(DataType.FLOAT, batch, 11);
                for (int i = 0; i < batch; i++) {
                    labels[p].putScalar(i, (i + step + p) % 11, 1f);
                }
            }
            network.fit(new MultiDataSet(new INDArray[] {features}, labels));
        }
    }
}
