package io.streetdigits.core.image;

import io.streetdigits.core.contract.ErrorCode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns encoded bytes into pixels, refusing what breaks the {@link ImageLimits} before decoding the pixels.
 * The format is recognised from the bytes themselves (PNG, JPEG, BMP, GIF, TIFF); a declared content type is not
 * trusted. Thread-safe.
 */
public final class ImageDecoder {

    static {
        // Decode in memory: ImageIO's default disk cache would write temporary files for every stream.
        ImageIO.setUseCache(false);
    }

    private final ImageLimits limits;

    public ImageDecoder(ImageLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public ImageLimits limits() {
        return limits;
    }

    /**
     * Decodes one image.
     *
     * @param bytes  the encoded image
     * @param source names the image in error messages (a file name or request id)
     */
    public BufferedImage decode(byte[] bytes, String source) throws ImageRejectedException {
        return read(bytes, source, true).image();
    }

    /**
     * Checks an image against the limits from its header alone, without decoding its pixels: byte size, format,
     * declared width x height and the memory its pixels would take.
     */
    public ImageDimensions inspect(byte[] bytes, String source) throws ImageRejectedException {
        return read(bytes, source, false).dimensions();
    }

    /** Width, height and decoded size in bytes, as an image's header declares them. */
    public record ImageDimensions(int width, int height, long decodedBytes) {
    }

    private record Read(ImageDimensions dimensions, BufferedImage image) {
    }

    private Read read(byte[] bytes, String source, boolean decodePixels) throws ImageRejectedException {
        if (bytes == null || bytes.length == 0) {
            throw new ImageRejectedException(ErrorCode.IMAGE_UNDECODABLE, "image " + source + " is empty (0 bytes)");
        }
        checkByteSize(bytes.length, source);
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw undecodable(source, "it is not a PNG, JPEG, BMP, GIF or TIFF image", null);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                ImageDimensions dimensions = checkDimensions(reader, source);
                if (!decodePixels) {
                    return new Read(dimensions, null);
                }
                List<String> truncation = new ArrayList<>();
                reader.addIIOReadWarningListener((ignored, warning) -> {
                    if (isTruncation(warning)) {
                        truncation.add(warning);
                    }
                });
                BufferedImage image = reader.read(0);
                if (!truncation.isEmpty()) {
                    // ImageIO fills what is missing with grey and only warns; half a photo gives a confident but
                    // meaningless reading, so it is refused like any other corrupt image.
                    throw undecodable(source, "its data is truncated (" + String.join("; ", truncation) + ")", null);
                }
                return new Read(dimensions, image);
            } finally {
                reader.dispose();
            }
        } catch (ImageRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // The PNG reader wraps whatever it meets, running out of memory too, in an IIOException: that is the
            // heap's failure, not the image's, and whoever decodes may retry with room (the inference service does).
            if (e.getCause() instanceof OutOfMemoryError outOfMemory) {
                throw outOfMemory;
            }
            // ImageIO's readers signal corrupt data with IOExceptions and with assorted runtime exceptions alike.
            throw undecodable(source, "its " + describe(e), e);
        }
    }

    /** Refuses an encoded image larger than the limit; callers that stream bytes may check before buffering. */
    public void checkByteSize(long byteCount, String source) throws ImageRejectedException {
        if (byteCount > limits.maxBytes()) {
            throw new ImageRejectedException(ErrorCode.IMAGE_TOO_LARGE, String.format(
                    "image %s is %,d bytes; the limit is %,d bytes", source, byteCount, limits.maxBytes()));
        }
    }

    private ImageDimensions checkDimensions(ImageReader reader, String source) throws ImageRejectedException,
            IOException {
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
            throw undecodable(source, "its header declares " + width + "x" + height + " pixels", null);
        }
        long pixels = (long) width * height;
        if (pixels > limits.maxPixels()) {
            throw new ImageRejectedException(ErrorCode.IMAGE_DIMENSIONS_TOO_LARGE, String.format(
                    "image %s declares %dx%d = %,d pixels; the limit is %,d pixels",
                    source, width, height, pixels, limits.maxPixels()));
        }
        int bits = 0;
        for (int sampleBits : pixelLayout(reader, source).getSampleModel().getSampleSize()) {
            // Photos have at most 16 bits a sample. Deeper ones are not photos, and the JDK's TIFF reader answers
            // some of them (32-bit samples declared in 200 bytes) by allocating gigabytes: found by fuzzing.
            if (sampleBits > 16) {
                throw undecodable(source, "its header declares " + sampleBits + "-bit samples; at most 16 bits a"
                        + " sample are read", null);
            }
            bits += sampleBits;
        }
        long bytesPerPixel = Math.max(1, (bits + 7) / 8);
        long decodedBytes = pixels * bytesPerPixel;
        if (decodedBytes > limits.maxDecodedBytes()) {
            throw new ImageRejectedException(ErrorCode.IMAGE_DIMENSIONS_TOO_LARGE, String.format(
                    "image %s declares %dx%d pixels of %d bytes = %,d bytes decoded; the limit is %,d bytes",
                    source, width, height, bytesPerPixel, decodedBytes, limits.maxDecodedBytes()));
        }
        return new ImageDimensions(width, height, decodedBytes);
    }

    /** How the header says the pixels are laid out: the reader's raw layout, else the first it can decode to. */
    private static ImageTypeSpecifier pixelLayout(ImageReader reader, String source) throws ImageRejectedException,
            IOException {
        ImageTypeSpecifier raw = reader.getRawImageType(0);
        if (raw != null) {
            return raw;
        }
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        if (types == null || !types.hasNext()) {
            throw undecodable(source, "its header declares no pixel layout the decoder can read", null);
        }
        return types.next();
    }

    private static boolean isTruncation(String warning) {
        String lower = warning.toLowerCase(Locale.ROOT);
        return lower.contains("truncated") || lower.contains("premature end");
    }

    private static ImageRejectedException undecodable(String source, String reason, Throwable cause) {
        return new ImageRejectedException(ErrorCode.IMAGE_UNDECODABLE,
                "image " + source + " cannot be decoded: " + reason, cause);
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return "data is corrupt or truncated (" + e.getClass().getSimpleName()
                + (message == null ? "" : ": " + message) + ")";
    }
}
