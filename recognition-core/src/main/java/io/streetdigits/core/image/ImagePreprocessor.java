package io.streetdigits.core.image;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * Image to model input, exactly as a {@link PreprocessingSpec} says. The one implementation used by the trainer and
 * the inference service alike, so what a model sees in training is what it sees in serving.
 *
 * <p>Resizing is separable bilinear with antialiasing: when shrinking, the triangle filter widens with the scale
 * factor, so every source pixel contributes (as in Pillow's bilinear resize) and large photos do not alias. Near an
 * edge the filter is cut at the edge and renormalised; where a crop region lies beyond the image, the nearest edge
 * pixel is replicated.
 * Pure Java arithmetic, so results are identical on every JVM. Thread-safe.
 */
public final class ImagePreprocessor {

    private final PreprocessingSpec spec;
    private final float[] channelScale = new float[PreprocessingSpec.CHANNELS];
    private final float[] channelOffset = new float[PreprocessingSpec.CHANNELS];

    public ImagePreprocessor(PreprocessingSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        for (int c = 0; c < PreprocessingSpec.CHANNELS; c++) {
            double std = spec.std().get(c);
            channelScale[c] = (float) (1.0 / (255.0 * std));
            channelOffset[c] = (float) (-spec.mean().get(c) / std);
        }
    }

    public PreprocessingSpec spec() {
        return spec;
    }

    /** The whole image as one CHW tensor of {@link PreprocessingSpec#tensorSize()} floats. */
    public float[] toTensor(BufferedImage image) {
        float[] tensor = new float[spec.tensorSize()];
        write(image, CropRegion.whole(image.getWidth(), image.getHeight()), tensor, 0);
        return tensor;
    }

    /**
     * Writes one CHW tensor of the given region into {@code destination} at {@code offset}, so a batch can be
     * filled in place.
     */
    public void write(BufferedImage image, CropRegion region, float[] destination, int offset) {
        int width = image.getWidth();
        int height = image.getHeight();
        int outWidth = spec.width();
        int outHeight = spec.height();
        if (destination.length - offset < spec.tensorSize()) {
            throw new IllegalArgumentException("destination holds " + (destination.length - offset)
                    + " floats after offset " + offset + "; one image needs " + spec.tensorSize());
        }

        FilterTaps columns = FilterTaps.of(region.left(), region.width(), outWidth, width);
        FilterTaps rows = FilterTaps.of(region.top(), region.height(), outHeight, height);
        int firstRow = rows.minIndex();
        int rowCount = rows.maxIndex() - firstRow + 1;
        int[] argb = packedRgb(image, firstRow, rowCount);

        // Horizontal pass over the source rows the vertical pass needs: [channel][row][outX], values 0..255.
        float[] horizontal = new float[PreprocessingSpec.CHANNELS * rowCount * outWidth];
        int plane = rowCount * outWidth;
        for (int y = 0; y < rowCount; y++) {
            int rowStart = y * width;
            for (int x = 0; x < outWidth; x++) {
                float r = 0;
                float g = 0;
                float b = 0;
                for (int t = columns.start(x); t < columns.end(x); t++) {
                    int pixel = argb[rowStart + columns.index(t)];
                    float w = columns.weight(t);
                    r += w * ((pixel >> 16) & 0xFF);
                    g += w * ((pixel >> 8) & 0xFF);
                    b += w * (pixel & 0xFF);
                }
                int i = y * outWidth + x;
                horizontal[i] = r;
                horizontal[plane + i] = g;
                horizontal[2 * plane + i] = b;
            }
        }

        int outPlane = outWidth * outHeight;
        for (int c = 0; c < PreprocessingSpec.CHANNELS; c++) {
            int source = c * plane;
            int target = offset + c * outPlane;
            float scale = channelScale[c];
            float shift = channelOffset[c];
            for (int y = 0; y < outHeight; y++) {
                for (int x = 0; x < outWidth; x++) {
                    float sum = 0;
                    for (int t = rows.start(y); t < rows.end(y); t++) {
                        sum += rows.weight(t) * horizontal[source + (rows.index(t) - firstRow) * outWidth + x];
                    }
                    destination[target + y * outWidth + x] = sum * scale + shift;
                }
            }
        }
    }

    /**
     * Pixels of whole rows as packed 0xRRGGBB. For 8-bit RGB(A) images (what PNG and JPEG decode to) the samples
     * are read straight from the raster, several times faster than {@link BufferedImage#getRGB} and with the same
     * values; other layouts (grey, palette) go through getRGB and its colour conversion.
     */
    static int[] packedRgb(BufferedImage image, int firstRow, int rowCount) {
        int width = image.getWidth();
        int type = image.getType();
        boolean rgbBands = type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_4BYTE_ABGR
                || type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB;
        if (!rgbBands) {
            return image.getRGB(0, firstRow, width, rowCount, null, 0, width);
        }
        int bands = image.getRaster().getNumBands();
        int[] samples = image.getRaster().getPixels(0, firstRow, width, rowCount, (int[]) null);
        int[] packed = new int[width * rowCount];
        for (int i = 0, s = 0; i < packed.length; i++, s += bands) {
            packed[i] = (samples[s] << 16) | (samples[s + 1] << 8) | samples[s + 2];
        }
        return packed;
    }

    /** Normalised triangle-filter weights from one axis of the source to one axis of the output. */
    private static final class FilterTaps {
        private final int[] starts;
        private final int[] indices;
        private final float[] weights;

        private FilterTaps(int[] starts, int[] indices, float[] weights) {
            this.starts = starts;
            this.indices = indices;
            this.weights = weights;
        }

        static FilterTaps of(double origin, double length, int outSize, int inSize) {
            double scale = length / outSize;
            double support = Math.max(scale, 1.0);
            int maxTaps = (int) Math.ceil(2 * support) + 2;
            int[] starts = new int[outSize + 1];
            int[] indices = new int[outSize * maxTaps];
            float[] weights = new float[outSize * maxTaps];
            int n = 0;
            for (int o = 0; o < outSize; o++) {
                starts[o] = n;
                double centre = origin + (o + 0.5) * scale;
                int low = (int) Math.floor(centre - support);
                int high = (int) Math.ceil(centre + support);
                double total = 0;
                for (int i = Math.max(low, 0); i <= Math.min(high, inSize - 1); i++) {
                    double w = 1.0 - Math.abs(i + 0.5 - centre) / support;
                    if (w > 0) {
                        indices[n] = i;
                        weights[n] = (float) w;
                        total += w;
                        n++;
                    }
                }
                if (n == starts[o]) {
                    // The whole window lies outside the image: replicate the nearest edge pixel.
                    indices[n] = Math.min(Math.max((int) Math.floor(centre), 0), inSize - 1);
                    weights[n] = 1f;
                    total = 1;
                    n++;
                }
                for (int t = starts[o]; t < n; t++) {
                    weights[t] = (float) (weights[t] / total);
                }
            }
            starts[outSize] = n;
            return new FilterTaps(starts, indices, weights);
        }

        int start(int out) {
            return starts[out];
        }

        int end(int out) {
            return starts[out + 1];
        }

        int index(int tap) {
            return indices[tap];
        }

        float weight(int tap) {
            return weights[tap];
        }

        int minIndex() {
            int min = Integer.MAX_VALUE;
            for (int t = 0; t < starts[starts.length - 1]; t++) {
                min = Math.min(min, indices[t]);
            }
            return min;
        }

        int maxIndex() {
            int max = Integer.MIN_VALUE;
            for (int t = 0; t < starts[starts.length - 1]; t++) {
                max = Math.max(max, indices[t]);
            }
            return max;
        }
    }
}
