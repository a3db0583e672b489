package io.streetdigits.core.image;

/**
 * A rectangle of an image in pixel coordinates, possibly reaching beyond the image (edges are replicated there).
 * Training uses it for crop-and-scale augmentation; serving uses the whole image.
 */
public record CropRegion(double left, double top, double width, double height) {

    public CropRegion {
        if (!(width > 0) || !(height > 0)) {
            throw new IllegalArgumentException("crop size must be positive, was " + width + "x" + height);
        }
    }

    public static CropRegion whole(int imageWidth, int imageHeight) {
        return new CropRegion(0, 0, imageWidth, imageHeight);
    }
}
