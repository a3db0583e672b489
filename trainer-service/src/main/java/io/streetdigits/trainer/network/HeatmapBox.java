package io.streetdigits.trainer.network;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Draws the box around the marked cells of a {@link HeatmapLocator}'s map. Each column's (row's) strength is its
 * strongest cell, as a fraction of the map's peak; what lies above half the peak counts, rising linearly from 0 at
 * half the peak to 1 at the peak. The box is centred on the counted columns' (rows') weighted centre and is as wide
 * (high) as their summed weight, in fractions of the map, clipped to [0, 1].
 *
 * <p>Continuous in the map on purpose: a threshold that switches whole cells on or off would move the box by a
 * cell for a difference of 1e-6 between DL4J and ONNX Runtime, and the parity check could not pass reliably. The
 * exported graph computes exactly this (the export package's {@code HeatmapBoxNodes}); the two are checked
 * against each other.
 */
public final class HeatmapBox {

    /** The exported graph's output, as every locator's. */
    public static final String OUTPUT = "box";
    /** Strengths at or below this fraction of the peak do not count. */
    public static final float FLOOR = 0.5f;

    private HeatmapBox() {
    }

    /** The boxes of a batch of maps ({@code [batch, 1, height, width]}), as {@code [batch, 4]}. */
    public static INDArray boxes(INDArray maps) {
        long[] shape = maps.shape();
        int height = (int) shape[2];
        int width = (int) shape[3];
        float[] values = maps.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] boxes = new float[(int) shape[0] * 4];
        for (int i = 0; i < shape[0]; i++) {
            System.arraycopy(decode(values, i * height * width, height, width), 0, boxes, i * 4, 4);
        }
        return Nd4j.create(boxes, new long[] {shape[0], 4}, 'c');
    }

    /**
     * @param map    one map, row by row ({@code height * width} values starting at {@code offset})
     * @return left, top, right, bottom as fractions of the map
     */
    public static float[] decode(float[] map, int offset, int height, int width) {
        float[] columns = new float[width];
        float[] rows = new float[height];
        float peak = Float.NEGATIVE_INFINITY;
        for (int y = 0; y < height; y++) {
            rows[y] = Float.NEGATIVE_INFINITY;
            for (int x = 0; x < width; x++) {
                float value = map[offset + y * width + x];
                rows[y] = Math.max(rows[y], value);
                columns[x] = y == 0 ? value : Math.max(columns[x], value);
                peak = Math.max(peak, value);
            }
        }
        float[] across = extent(columns, peak);
        float[] down = extent(rows, peak);
        return new float[] {across[0], down[0], across[1], down[1]};
    }

    /** Start and end of the counted cells along one side, as fractions of its length. */
    private static float[] extent(float[] strengths, float peak) {
        float sum = 0;
        float moment = 0;
        for (int i = 0; i < strengths.length; i++) {
            float weight = weight(strengths[i], peak);
            sum += weight;
            moment += weight * (i + 0.5f);
        }
        float centre = moment / sum;
        float half = sum * 0.5f;
        return new float[] {clip((centre - half) / strengths.length), clip((centre + half) / strengths.length)};
    }

    /** How much a column or row counts: 0 at or below the floor's fraction of the peak, 1 at the peak. */
    private static float weight(float strength, float peak) {
        return Math.max(0, strength / peak - FLOOR) * (1 / (1 - FLOOR));
    }

    private static float clip(float value) {
        return Math.min(1, Math.max(0, value));
    }
}
