package io.streetdigits.trainer.data;

import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.PreprocessingSpec;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batches for a digit locator: the whole image (shifted and scaled by augmentation), labelled with the box around
 * its digits as fractions of the crop: left, top, right, bottom, each clipped to [0, 1].
 */
public final class BoxBatches extends ImageBatches {

    public BoxBatches(List<TrainingImage> images, PreprocessingSpec spec, int batchSize, Augmentation augmentation,
            long seed) {
        super(images, spec, batchSize, augmentation, seed);
    }

    @Override
    protected CropRegion region(TrainingImage image) {
        return image.whole();
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
