package io.streetdigits.trainer.data;

import io.streetdigits.core.image.CropRegion;
import java.util.SplittableRandom;

/**
 * Random variation applied to training images: the crop is shifted and scaled around its region (the whole image,
 * or the digits; the model must not depend on where exactly the number sits), and contrast and brightness are
 * jittered.
 *
 * @param maxShift      largest shift of the crop, as a fraction of the image's width or height
 * @param minScale      smallest crop size relative to the image (below 1 zooms in)
 * @param maxScale      largest crop size relative to the image (above 1 zooms out, replicating edges)
 * @param colourJitter  largest relative change of contrast, and of brightness in normalised units
 */
public record Augmentation(double maxShift, double minScale, double maxScale, double colourJitter) {

    public static final Augmentation NONE = new Augmentation(0, 1, 1, 0);
    public static final Augmentation DEFAULT = new Augmentation(0.06, 0.88, 1.08, 0.25);
    /**
     * For a character reader: its squares come from a detector's boxes, which sit off the character by some, and
     * from the labelled boxes' own errors.
     */
    public static final Augmentation CELL_ERRORS = new Augmentation(0.2, 0.8, 1.25, 0.25);
    /**
     * For the zoo's classifiers of characters: squares a little off their character and of a little other size, as
     * the labelled boxes and a detector's give them, with less room for error than {@link #CELL_ERRORS}.
     */
    public static final Augmentation CHARACTERS = new Augmentation(0.1, 0.85, 1.15, 0.25);
    /**
     * For a detector of whole photos: crops moved by up to a fifth and from 0.8 to 1.6 times the photo's size, so
     * numbers appear smaller and off centre as in the validation photos (a third of theirs are below 0.4 of the
     * photo's height), and partly cut off at the edges.
     */
    public static final Augmentation WHOLE_PHOTOS = new Augmentation(0.2, 0.8, 1.6, 0.3);

    public Augmentation {
        if (maxShift < 0 || minScale <= 0 || maxScale < minScale || colourJitter < 0) {
            throw new IllegalArgumentException("invalid augmentation " + maxShift + ", " + minScale + ".."
                    + maxScale + ", " + colourJitter);
        }
    }

    /** The region shifted and scaled about its centre. */
    CropRegion jitter(CropRegion region, SplittableRandom random) {
        double scaleX = between(minScale, maxScale, random);
        double scaleY = scaleX * between(0.95, 1.05, random);
        double cropWidth = region.width() * scaleX;
        double cropHeight = region.height() * scaleY;
        double left = region.left() + (region.width() - cropWidth) / 2 + region.width() * between(-maxShift, maxShift,
                random);
        double top = region.top() + (region.height() - cropHeight) / 2 + region.height() * between(-maxShift,
                maxShift, random);
        return new CropRegion(left, top, cropWidth, cropHeight);
    }

    /** Contrast and brightness change of one image's normalised tensor, in place. */
    void jitterColours(float[] tensor, int offset, int length, SplittableRandom random) {
        if (colourJitter == 0) {
            return;
        }
        float contrast = (float) between(1 - colourJitter, 1 + colourJitter, random);
        float brightness = (float) between(-colourJitter, colourJitter, random);
        for (int i = offset; i < offset + length; i++) {
            tensor[i] = tensor[i] * contrast + brightness;
        }
    }

    /** A uniform draw from [low, high); {@code low} when the range is empty. */
    static double between(double low, double high, SplittableRandom random) {
        return high <= low ? low : low + random.nextDouble() * (high - low);
    }
}
