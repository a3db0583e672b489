package io.streetdigits.core.image;

import java.util.List;

/**
 * How an image becomes a model input: resized (stretched, antialiased bilinear) to {@code width} x {@code height},
 * scaled to [0, 1], then normalised per RGB channel as {@code (value - mean) / std}, laid out NCHW as float32.
 * Recorded in every model card, so the inference service preprocesses exactly as the trainer did.
 */
public record PreprocessingSpec(int width, int height, List<Double> mean, List<Double> std) {

    public static final int CHANNELS = 3;

    public PreprocessingSpec {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("input size must be positive, was " + width + "x" + height);
        }
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (mean.size() != CHANNELS || std.size() != CHANNELS) {
            throw new IllegalArgumentException("mean and std need one value per RGB channel, were " + mean + ", " + std);
        }
        if (std.stream().anyMatch(s -> !(s > 0))) {
            throw new IllegalArgumentException("std values must be > 0, were " + std);
        }
    }

    /** Scales pixels to [-1, 1]: a neutral choice for networks trained from scratch. */
    public static PreprocessingSpec centred(int width, int height) {
        return new PreprocessingSpec(width, height, List.of(0.5, 0.5, 0.5), List.of(0.5, 0.5, 0.5));
    }

    /** Floats per image: 3 x height x width. */
    public int tensorSize() {
        return CHANNELS * width * height;
    }

    /** The NCHW shape of a batch of {@code batchSize} images. */
    public long[] shape(int batchSize) {
        return new long[] {batchSize, CHANNELS, height, width};
    }
}
