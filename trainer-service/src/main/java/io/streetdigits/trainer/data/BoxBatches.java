package io.streetdigits.trainer.data;

import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.PreprocessingSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batches for a digit locator: the whole image, for a refiner the region around its digits, for a character
 * refiner the region around one character's cell (each shifted and scaled by augmentation), labelled with the box
 * around its digits (a character crop's one digit) as fractions of the crop: left, top, right, bottom, each clipped
 * to [0, 1].
 */
public final class BoxBatches extends ImageBatches {

    /** @param regions the region of each image the network sees, before augmentation */
    public BoxBatches(List<TrainingImage> images, List<CropRegion> regions, PreprocessingSpec spec, int batchSize,
            Augmentation augmentation, long seed) {
        super(images, regions, spec, batchSize, augmentation, seed);
    }

    @Override
    protected INDArray[] labels(List<TrainingImage> batch, List<CropRegion> regions) {
        float[] boxes = new float[batch.size() * 4];
        for (int i = 0; i < batch.size(); i++) {
            float[] box = boxIn(batch.get(i), regions.get(i));
            System.arraycopy(box, 0, boxes, i * 4, 4);
        }
        return new INDArray[] {Nd4j.create(boxes, new long[] {batch.size(), 4}, 'c')};
    }

    /**
     * The regions shifted and scaled as in training but the same on every call: a fixed set for judging a refiner.
     * An image's crop depends on its region, its name and the seed only.
     */
    public static List<CropRegion> fixedCrops(List<TrainingImage> images, List<CropRegion> regions,
            Augmentation augmentation, long seed) {
        List<CropRegion> crops = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            crops.add(augmentation.jitter(regions.get(i),
                    new SplittableRandom(seed ^ images.get(i).label().fileName().hashCode())));
        }
        return crops;
    }

    /** The digits' box as fractions of a region of the image. */
    public static float[] boxIn(TrainingImage image, CropRegion region) {
        CropRegion digits = image.digits(0);
        return new float[] {
            fraction(digits.left(), region.left(), region.width()),
            fraction(digits.top(), region.top(), region.height()),
            fraction(digits.left() + digits.width(), region.left(), region.width()),
            fraction(digits.top() + digits.height(), region.top(), region.height())};
    }

    private static float fraction(double value, double origin, double length) {
        return (float) Math.min(1, Math.max(0, (value - origin) / length));
    }
}
