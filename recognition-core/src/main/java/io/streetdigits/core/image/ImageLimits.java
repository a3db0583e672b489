package io.streetdigits.core.image;

/**
 * What an accepted image may cost. Both limits are checked before the pixels are decoded: the byte size first,
 * then width x height as declared in the image header, so a small file that declares huge dimensions (a
 * decompression bomb) is refused without allocating its pixels.
 *
 * @param maxBytes  largest encoded image accepted, in bytes
 * @param maxPixels largest width x height accepted
 */
public record ImageLimits(long maxBytes, long maxPixels) {

    /** 4 MiB and 16 megapixels: well above any street-view photo, well below what hurts a service. */
    public static final ImageLimits DEFAULT = new ImageLimits(4L * 1024 * 1024, 16L * 1024 * 1024);

    public ImageLimits {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be >= 1, was " + maxBytes);
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be >= 1, was " + maxPixels);
        }
    }
}
