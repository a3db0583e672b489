package io.streetdigits.trainer.network;

import io.streetdigits.core.model.ModelCard;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Draws the box around the marked cells of a {@link HeatmapLocator}'s map. Only the patch around the peak counts:
 * the cells above half the peak that connect to it (sideways or diagonally), so a second, fainter mark elsewhere in
 * the photo (a door, a sign) does not stretch the box towards it. Within that patch each column's (row's) strength
 * is its strongest cell, as a fraction of the peak, rising linearly from 0 at half the peak to 1 at the peak. The
 * box is centred on the counted columns' (rows') weighted centre and is as wide (high) as their summed weight, in
 * fractions of the map, clipped to [0, 1].
 *
 * <p>The patch is grown from the peak as an ONNX graph can grow it: {@link #growthSteps} times, each cell of the
 * patch takes in its eight neighbours that are above half the peak (a 3x3 max pool, masked). A patch that winds
 * further than that from the peak is cut there; marks are compact, and the steps are as many as the map is high
 * and wide together.
 *
 * <p>Otherwise continuous in the map on purpose: a cell joins or leaves the patch at half the peak, where its weight
 * is 0, so a difference of 1e-6 between DL4J and ONNX Runtime moves the box by as little, and the parity check can
 * pass. (Only a cell at exactly half the peak that alone joins a second mark to the patch could move it further.) The
 * exported graph computes exactly this (the export package's {@code HeatmapBoxNodes}); the two are checked
 * against each other.
 */
public final class HeatmapBox {

    /** The exported graph's output, as every locator's. */
    public static final String OUTPUT = "box";
    /**
     * The map's peak ({@code [batch, 1]}), how sure the locator is that it found digits: serving weighs a closer
     * look's boxes against the first by it.
     */
    public static final String PEAK = ModelCard.PEAK_OUTPUT;
    /** What the exported graph answers, in this order. */
    public static final List<String> OUTPUTS = List.of(OUTPUT, PEAK);
    /** Strengths at or below this fraction of the peak do not count. */
    public static final float FLOOR = 0.5f;

    private HeatmapBox() {
    }

    /**
     * What the exported graph answers for a batch of maps ({@code [batch, 1, height, width]}): their boxes
     * ({@code [batch, 4]}) and their peaks ({@code [batch, 1]}), as {@link #OUTPUTS}.
     */
    public static INDArray[] outputs(INDArray maps) {
        long[] shape = maps.shape();
        int height = (int) shape[2];
        int width = (int) shape[3];
        float[] values = maps.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] boxes = new float[(int) shape[0] * 4];
        float[] peaks = new float[(int) shape[0]];
        for (int i = 0; i < shape[0]; i++) {
            System.arraycopy(decode(values, i * height * width, height, width), 0, boxes, i * 4, 4);
            peaks[i] = peak(values, i * height * width, height * width);
        }
        return new INDArray[] {Nd4j.create(boxes, new long[] {shape[0], 4}, 'c'),
            Nd4j.create(peaks, new long[] {shape[0], 1}, 'c')};
    }

    /**
     * @param map    one map, row by row ({@code height * width} values starting at {@code offset})
     * @return left, top, right, bottom as fractions of the map
     */
    public static float[] decode(float[] map, int offset, int height, int width) {
        float peak = peak(map, offset, height * width);
        float[] patch = patch(map, offset, height, width, peak);
        float[] columns = new float[width];
        float[] rows = new float[height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float value = map[offset + y * width + x] * patch[y * width + x];
                rows[y] = x == 0 ? value : Math.max(rows[y], value);
                columns[x] = y == 0 ? value : Math.max(columns[x], value);
            }
        }
        float[] across = extent(columns, peak);
        float[] down = extent(rows, peak);
        return new float[] {across[0], down[0], across[1], down[1]};
    }

    private static float peak(float[] map, int offset, int cells) {
        float peak = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < cells; i++) {
            peak = Math.max(peak, map[offset + i]);
        }
        return peak;
    }

    /** How many times the patch around the peak grows by a cell: as many as a map of this size is high and wide. */
    public static int growthSteps(long height, long width) {
        return (int) (height + width);
    }

    /** 1 for the cells above the floor connected to the peak, 0 elsewhere. */
    private static float[] patch(float[] map, int offset, int height, int width, float peak) {
        float[] above = new float[height * width];
        float[] patch = new float[height * width];
        for (int i = 0; i < above.length; i++) {
            above[i] = map[offset + i] / peak > FLOOR ? 1 : 0;
            patch[i] = map[offset + i] == peak ? 1 : 0;
        }
        float[] grown = new float[patch.length];
        for (int step = 0; step < growthSteps(height, width); step++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float neighbours = 0;
                    for (int dy = Math.max(0, y - 1); dy <= Math.min(height - 1, y + 1); dy++) {
                        for (int dx = Math.max(0, x - 1); dx <= Math.min(width - 1, x + 1); dx++) {
                            neighbours = Math.max(neighbours, patch[dy * width + dx]);
                        }
                    }
                    grown[y * width + x] = neighbours * above[y * width + x];
                }
            }
            float[] swap = patch;
            patch = grown;
            grown = swap;
        }
        return patch;
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
