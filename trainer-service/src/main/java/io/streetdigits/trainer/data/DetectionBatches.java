package io.streetdigits.trainer.data;

import io.streetdigits.core.detection.CharacterMaps;
import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.tianchi.CharacterBox;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Batches for a character detector: the whole image (shifted and scaled by augmentation), labelled CenterNet
 * style. For every cell of a grid at {@code stride}: the probability of each digit's centre lying there, a
 * Gaussian around each labelled character's centre (its spread a fixed share of the character's size, at least
 * half a cell), and background for the rest; and, in the cells near a centre, the character's width and height as
 * fractions of the crop, the only cells whose sizes count in the loss.
 */
public final class DetectionBatches extends ImageBatches {

    /** The Gaussian's standard deviation as a share of the character's width or height. */
    static final double SPREAD = 0.15;
    /** The least spread, in cells: a small character still marks the cells around its centre. */
    static final double MIN_SPREAD = 0.5;
    /** How close to a centre (the Gaussian's value) a cell must be for its sizes to be learned. */
    static final double SIZE_CELLS = 0.3;

    private final int mapHeight;
    private final int mapWidth;

    public DetectionBatches(List<TrainingImage> images, List<CropRegion> regions, PreprocessingSpec spec,
            int batchSize, Augmentation augmentation, long seed, int stride) {
        super(images, regions, spec, batchSize, augmentation, seed);
        this.mapHeight = spec.height() / stride;
        this.mapWidth = spec.width() / stride;
    }

    @Override
    protected INDArray[] labels(List<TrainingImage> batch, List<CropRegion> regions) {
        int cells = mapHeight * mapWidth;
        float[] classes = new float[batch.size() * CharacterMaps.CLASSES * cells];
        float[] sizes = new float[batch.size() * CharacterMaps.SIZES * cells];
        for (int i = 0; i < batch.size(); i++) {
            mark(batch.get(i), regions.get(i), classes, i * CharacterMaps.CLASSES * cells, sizes,
                    i * CharacterMaps.SIZES * cells);
        }
        return new INDArray[] {
            Nd4j.create(classes, new long[] {batch.size(), CharacterMaps.CLASSES, mapHeight, mapWidth}, 'c'),
            Nd4j.create(sizes, new long[] {batch.size(), CharacterMaps.SIZES, mapHeight, mapWidth}, 'c')};
    }

    /** Only the cells near a centre (those given a height) teach the sizes. */
    @Override
    protected INDArray[] labelMasks(INDArray[] labels) {
        INDArray heights = labels[1].get(NDArrayIndex.all(), NDArrayIndex.interval(1, 2), NDArrayIndex.all(),
                NDArrayIndex.all());
        return new INDArray[] {null, heights.gt(0).castTo(labels[1].dataType())};
    }

    private void mark(TrainingImage image, CropRegion region, float[] classes, int classOffset, float[] sizes,
            int sizeOffset) {
        int cells = mapHeight * mapWidth;
        float[] nearest = new float[cells];
        for (CharacterBox box : image.label().characters()) {
            double centreX = ((box.left() + box.right()) / 2 - region.left()) / region.width() * mapWidth;
            double centreY = ((box.top() + box.bottom()) / 2 - region.top()) / region.height() * mapHeight;
            if (centreX < 0 || centreY < 0 || centreX >= mapWidth || centreY >= mapHeight) {
                continue; // augmentation moved this character's centre out of the crop
            }
            double spreadX = Math.max(MIN_SPREAD, SPREAD * box.width() / region.width() * mapWidth);
            double spreadY = Math.max(MIN_SPREAD, SPREAD * box.height() / region.height() * mapHeight);
            float width = (float) (box.width() / region.width());
            float height = (float) (box.height() / region.height());
            for (int y = 0; y < mapHeight; y++) {
                double dy = (y + 0.5 - centreY) / spreadY;
                for (int x = 0; x < mapWidth; x++) {
                    double dx = (x + 0.5 - centreX) / spreadX;
                    float g = (float) Math.exp(-(dx * dx + dy * dy) / 2);
                    int cell = y * mapWidth + x;
                    int digit = classOffset + box.digit() * cells + cell;
                    classes[digit] = Math.max(classes[digit], g);
                    if (g >= SIZE_CELLS && g > nearest[cell]) {
                        nearest[cell] = g;
                        sizes[sizeOffset + cell] = width;
                        sizes[sizeOffset + cells + cell] = height;
                    }
                }
            }
        }
        for (int cell = 0; cell < cells; cell++) {
            float characters = 0;
            for (int d = 0; d < CharacterMaps.BACKGROUND; d++) {
                characters += classes[classOffset + d * cells + cell];
            }
            if (characters > 1) { // overlapping characters: share the cell between them
                for (int d = 0; d < CharacterMaps.BACKGROUND; d++) {
                    classes[classOffset + d * cells + cell] /= characters;
                }
                characters = 1;
            }
            classes[classOffset + CharacterMaps.BACKGROUND * cells + cell] = 1 - characters;
        }
    }
}
