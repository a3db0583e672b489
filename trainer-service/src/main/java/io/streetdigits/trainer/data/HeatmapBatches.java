package io.streetdigits.trainer.data;

import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.PreprocessingSpec;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batches for a heat-map locator: the whole image (shifted and scaled by augmentation), labelled with a map of
 * cells, each the fraction of its area that the box around the digits covers.
 */
public final class HeatmapBatches extends ImageBatches {

    private final int mapHeight;
    private final int mapWidth;

    /**
     * @param regions the region of each image the network sees, before augmentation
     * @param stride  input pixels per map cell along each side
     */
    public HeatmapBatches(List<TrainingImage> images, List<CropRegion> regions, PreprocessingSpec spec,
            int batchSize, Augmentation augmentation, long seed, int stride) {
        super(images, regions, spec, batchSize, augmentation, seed);
        this.mapHeight = spec.height() / stride;
        this.mapWidth = spec.width() / stride;
    }

    @Override
    protected INDArray[] labels(List<TrainingImage> batch, List<CropRegion> regions) {
        int cells = mapHeight * mapWidth;
        float[] maps = new float[batch.size() * cells];
        for (int i = 0; i < batch.size(); i++) {
            cover(BoxBatches.boxIn(batch.get(i), regions.get(i)), mapHeight, mapWidth, maps, i * cells);
        }
        return new INDArray[] {Nd4j.create(maps, new long[] {batch.size(), 1, mapHeight, mapWidth}, 'c')};
    }

    /**
     * Writes, for each cell of a {@code height x width} map, the fraction of it inside a box given as fractions of
     * the map (left, top, right, bottom).
     */
    static void cover(float[] box, int height, int width, float[] map, int offset) {
        for (int y = 0; y < height; y++) {
            float down = overlap(box[1] * height, box[3] * height, y);
            for (int x = 0; x < width; x++) {
                map[offset + y * width + x] = down * overlap(box[0] * width, box[2] * width, x);
            }
        }
    }

    /** How much of the unit interval [cell, cell + 1] lies within [start, end]. */
    private static float overlap(float start, float end, int cell) {
        return Math.max(0, Math.min(end, cell + 1) - Math.max(start, cell));
    }
}
