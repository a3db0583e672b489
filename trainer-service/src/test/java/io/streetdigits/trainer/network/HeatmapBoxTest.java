package io.streetdigits.trainer.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HeatmapBoxTest {

    private static final int HEIGHT = 12;
    private static final int WIDTH = 24;

    @Test
    void aMarkedBlockGivesTheBoxAroundItsCells() {
        float[] map = background(0.02f);
        mark(map, 3, 9, 6, 12, 0.9f); // rows 3-8, columns 6-11

        float[] box = HeatmapBox.decode(map, 0, HEIGHT, WIDTH);

        assertThat(box).containsExactly(new float[] {6f / WIDTH, 3f / HEIGHT, 12f / WIDTH, 9f / HEIGHT},
                within(1e-6f));
    }

    @Test
    void cellsAtOrBelowHalfThePeakDoNotCountAndFainterOnesCountPartly() {
        float[] map = background(0.4f);
        mark(map, 0, HEIGHT, 10, 12, 0.8f); // two full-height columns at the peak
        mark(map, 0, HEIGHT, 12, 13, 0.6f); // one at three quarters of the peak: half a column

        float[] box = HeatmapBox.decode(map, 0, HEIGHT, WIDTH);

        // weights 1, 1, 0.5 at centres 10.5, 11.5, 12.5: 2.5 columns wide about 11.3
        assertThat(box[0]).isCloseTo((11.3f - 1.25f) / WIDTH, within(1e-6f));
        assertThat(box[2]).isCloseTo((11.3f + 1.25f) / WIDTH, within(1e-6f));
        assertThat(box[1]).isZero();
        assertThat(box[3]).isEqualTo(1f);
    }

    @Test
    void aSecondMarkApartFromThePeaksDoesNotCountButOneTouchingItDoes() {
        float[] map = background(0.02f);
        mark(map, 3, 9, 6, 12, 0.9f); // the number: rows 3-8, columns 6-11
        mark(map, 2, 6, 18, 22, 0.8f); // a door's mark, apart from it
        mark(map, 9, 11, 12, 14, 0.9f); // touching the number's corner diagonally: rows 9-10, columns 12-13

        float[] box = HeatmapBox.decode(map, 0, HEIGHT, WIDTH);

        assertThat(box).containsExactly(new float[] {6f / WIDTH, 3f / HEIGHT, 14f / WIDTH, 11f / HEIGHT},
                within(1e-6f));
    }

    @Test
    void readsOneMapOfABatchAtItsOffset() {
        float[] batch = new float[2 * HEIGHT * WIDTH];
        float[] second = background(0.01f);
        mark(second, 0, 2, 0, 4, 0.7f);
        System.arraycopy(second, 0, batch, HEIGHT * WIDTH, second.length);

        assertThat(HeatmapBox.decode(batch, HEIGHT * WIDTH, HEIGHT, WIDTH))
                .containsExactly(new float[] {0, 0, 4f / WIDTH, 2f / HEIGHT}, within(1e-6f));
    }

    private static float[] background(float value) {
        float[] map = new float[HEIGHT * WIDTH];
        java.util.Arrays.fill(map, value);
        return map;
    }

    private static void mark(float[] map, int top, int bottom, int left, int right, float value) {
        for (int y = top; y < bottom; y++) {
            for (int x = left; x < right; x++) {
                map[y * WIDTH + x] = value;
            }
        }
    }
}
