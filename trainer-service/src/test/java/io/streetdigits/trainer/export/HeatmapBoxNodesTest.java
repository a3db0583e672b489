package io.streetdigits.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.streetdigits.trainer.network.HeatmapBox;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The box nodes alone, in ONNX Runtime, against {@link HeatmapBox#decode} on maps made to test the patch. */
class HeatmapBoxNodesTest {

    private static final int HEIGHT = 8;
    private static final int WIDTH = 16;

    @Test
    void onnxRuntimeDrawsTheBoxJavaDrawsAroundThePeaksPatchOnly() throws Exception {
        float[] marks = new float[HEIGHT * WIDTH];
        java.util.Arrays.fill(marks, 0.05f);
        fill(marks, 2, 5, 2, 6, 0.9f); // the peak's patch
        fill(marks, 5, 7, 6, 8, 0.7f); // touching it diagonally
        fill(marks, 1, 4, 11, 15, 0.8f); // apart from it
        float[] noise = new float[HEIGHT * WIDTH];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) random.nextDouble();
        }
        float[] batch = new float[2 * HEIGHT * WIDTH];
        System.arraycopy(marks, 0, batch, 0, marks.length);
        System.arraycopy(noise, 0, batch, marks.length, noise.length);

        float[][][] outputs = run(batch, 2);
        float[][] boxes = outputs[0];

        assertThat(boxes[0][3]).as("reaches down into the touching mark").isGreaterThan(5.5f / HEIGHT);
        assertThat(boxes[0][2]).as("stops short of the mark apart").isLessThan(9f / WIDTH);
        for (int i = 0; i < 2; i++) {
            assertThat(boxes[i]).containsExactly(HeatmapBox.decode(batch, i * HEIGHT * WIDTH, HEIGHT, WIDTH),
                    within(1e-6f));
        }
        assertThat(outputs[1]).as("each map's peak").isDeepEqualTo(new float[][] {{0.9f}, {max(noise)}});
    }

    /** The boxes ({@code [count][4]}) and the peaks ({@code [count][1]}). */
    private static float[][][] run(float[] maps, int count) throws Exception {
        OnnxGraphWriter writer = new OnnxGraphWriter("heatmap-box-test");
        writer.input("heatmap", 1, HEIGHT, WIDTH);
        assertThat(new HeatmapBoxNodes(writer).write("heatmap", HEIGHT, WIDTH)).isEqualTo(HeatmapBox.OUTPUTS);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession session = environment.createSession(writer.toModelBytes("test", "1", "box nodes"));
                OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(maps),
                        new long[] {count, 1, HEIGHT, WIDTH});
                OrtSession.Result result = session.run(Map.of("heatmap", input))) {
            return new float[][][] {(float[][]) result.get(HeatmapBox.OUTPUT).orElseThrow().getValue(),
                (float[][]) result.get(HeatmapBox.PEAK).orElseThrow().getValue()};
        }
    }

    private static float max(float[] values) {
        float max = values[0];
        for (float value : values) {
            max = Math.max(max, value);
        }
        return max;
    }

    private static void fill(float[] map, int top, int bottom, int left, int right, float value) {
        for (int y = top; y < bottom; y++) {
            for (int x = left; x < right; x++) {
                map[y * WIDTH + x] = value;
            }
        }
    }
}
