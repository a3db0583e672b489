package io.streetdigits.core.image;

/**
 * What an accepted image may cost. Every limit is checked before the pixels are decoded: the byte size first,
 * then, from the image header, width x height and the memory its pixels take decoded (width x height x bytes per
 * pixel), so a small file that declares huge dimensions (a decompression bomb) or deep pixels (16-bit RGBA takes
 * 8 bytes a pixel) is refused without allocating them.
 *
 * @param maxBytes        largest encoded image accepted, in bytes
 * @param maxPixels       largest width x height accepted
 * @param maxDecodedBytes largest decoded image accepted, in bytes of memory
 */
public record ImageLimits(long maxBytes, long maxPixels, long maxDecodedBytes) {

    /** Default largest encoded image: 4 MiB. As text, so the services' configuration defaults name it too. */
    public static final String DEFAULT_MAX_BYTES = "4194304";
    /** Default largest width x height: 16 megapixels. */
    public static final String DEFAULT_MAX_PIXELS = "16777216";
    /** Default largest decoded image: 64 MiB, 16 megapixels of 8-bit RGBA. */
    public static final String DEFAULT_MAX_DECODED_BYTES = "67108864";

    /** Well above any street-view photo, well below what hurts a service. */
    public static final ImageLimits DEFAULT = new ImageLimits(Long.parseLong(DEFAULT_MAX_BYTES),
            Long.parseLong(DEFAULT_MAX_PIXELS), Long.parseLong(DEFAULT_MAX_DECODED_BYTES));

    public ImageLimits {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be >= 1, was " + maxBytes);
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be >= 1, was " + maxPixels);
        }
        if (maxDecodedBytes < 1) {
            throw new IllegalArgumentException("maxDecodedBytes must be >= 1, was " + maxDecodedBytes);
        }
    }
}
