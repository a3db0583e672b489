package io.streetdigits.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HeatmapBatchesTest {

    @Test
    void eachCellIsLabelledWithTheFractionOfItTheBoxCovers() {
        // a 2x4 map; the box spans columns 0.5-2.0 and rows 0.0-1.5 of it
        float[] map = new float[8];
        HeatmapBatches.cover(new float[] {0.5f / 4, 0, 2f / 4, 1.5f / 2}, 2, 4, map, 0);

        assertThat(map).containsExactly(new float[] {
            0.5f, 1f, 0f, 0f,
            0.25f, 0.5f, 0f, 0f}, within(1e-6f));
    }

    @Test
    void aBoxSmallerThanACellMarksItsCellFaintly() {
        float[] map = new float[4];
        HeatmapBatches.cover(new float[] {0.6f, 0.1f, 0.7f, 0.3f}, 2, 2, map, 0);

        assertThat(map[1]).isCloseTo(0.2f * 0.4f, within(1e-6f));
        assertThat(map[0] + map[2] + map[3]).isZero();
    }
}
