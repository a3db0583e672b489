package io.streetdigits.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.util.Arrays;
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
        int firstColumn = columns.minIndex();
        int rowCount = rows.maxIndex() - firstRow + 1;
        int columnCount = columns.maxIndex() - firstColumn + 1;
        float[] planes = channelPlanes(image, firstColumn, firstRow, columnCount, rowCount);

        // Vertical pass first: an output row is a weighted sum of whole source rows, a loop the JIT vectorises, and
        // the horizontal pass that follows then runs over the output's rows only, not over every source row.
        int plane = rowCount * columnCount;
        int outPlane = outWidth * outHeight;
        float[] row = new float[columnCount];
        for (int c = 0; c < PreprocessingSpec.CHANNELS; c++) {
            float scale = channelScale[c];
            float shift = channelOffset[c];
            for (int y = 0; y < outHeight; y++) {
                Arrays.fill(row, 0f);
                for (int t = rows.start(y); t < rows.end(y); t++) {
                    float w = rows.weight(t);
                    int source = c * plane + (rows.index(t) - firstRow) * columnCount;
                    for (int x = 0; x < columnCount; x++) {
                        row[x] += w * planes[source + x];
                    }
                }
                int target = offset + c * outPlane + y * outWidth;
                for (int x = 0; x < outWidth; x++) {
                    float sum = 0;
                    for (int t = columns.start(x); t < columns.end(x); t++) {
                        sum += columns.weight(t) * row[columns.index(t) - firstColumn];
                    }
                    destination[target + x] = sum * scale + shift;
                }
            }
        }
    }

    /**
     * The pixels of a window of the image as planes [channel][row][column] of 0..255 values. For the 8-bit RGB(A)
     * layouts that PNG and JPEG decode to, the samples are read straight from the image's own pixel array
     * (getRGB's colour-model call per pixel cost more than the whole resize); any other layout (grey, palette,
     * 16-bit) goes through getRGB and its colour conversion. The values are the same either way; alpha is ignored.
     */
    static float[] channelPlanes(BufferedImage image, int left, int top, int width, int height) {
        int plane = width * height;
        float[] planes = new float[PreprocessingSpec.CHANNELS * plane];
        WritableRaster raster = image.getRaster();
        DataBuffer data = raster.getDataBuffer();
        boolean ownRaster = raster.getParent() == null && data.getNumBanks() == 1;
        int type = image.getType();
        if (ownRaster && (type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_4BYTE_ABGR)
                && raster.getSampleModel() instanceof ComponentSampleModel layout) {
            byte[] bytes = ((DataBufferByte) data).getData();
            int step = layout.getPixelStride();
            int[] bands = layout.getBandOffsets(); // where red, green and blue lie within a pixel
            for (int y = 0, i = 0; y < height; y++) {
                int source = data.getOffset() + (top + y) * layout.getScanlineStride() + left * step;
                for (int x = 0; x < width; x++, i++, source += step) {
                    planes[i] = bytes[source + bands[0]] & 0xFF;
                    planes[plane + i] = bytes[source + bands[1]] & 0xFF;
                    planes[2 * plane + i] = bytes[source + bands[2]] & 0xFF;
                }
            }
            return planes;
        }
        int[] packed;
        int stride;
        int start;
        if (ownRaster && (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB)
                && raster.getSampleModel() instanceof SinglePixelPackedSampleModel layout) {
            packed = ((DataBufferInt) data).getData();
            stride = layout.getScanlineStride();
            start = data.getOffset() + top * stride + left;
        } else {
            packed = image.getRGB(left, top, width, height, null, 0, width);
            stride = width;
            start = 0;
        }
        for (int y = 0, i = 0; y < height; y++) {
            for (int x = 0, source = start + y * stride; x < width; x++, i++, source++) {
                int pixel = packed[source];
                planes[i] = (pixel >> 16) & 0xFF;
                planes[plane + i] = (pixel >> 8) & 0xFF;
                planes[2 * plane + i] = pixel & 0xFF;
            }
        }
        return planes;
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
