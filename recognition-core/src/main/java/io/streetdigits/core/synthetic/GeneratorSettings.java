package io.streetdigits.core.synthetic;

import java.util.List;

/**
 * What the {@link HouseNumberGenerator} draws.
 *
 * @param lengthWeights relative frequency of 1, 2, ... digit numbers (the list's size is the longest number)
 * @param minGlyphHeight smallest digit height in pixels
 * @param maxGlyphHeight largest digit height in pixels
 * @param maxRotationDegrees largest tilt either way
 * @param maxBlurRadius largest blur radius in pixels
 * @param maxNoise largest standard deviation of pixel noise, in 8-bit levels
 */
public record GeneratorSettings(List<Double> lengthWeights, int minGlyphHeight, int maxGlyphHeight,
        double maxRotationDegrees, double maxBlurRadius, double maxNoise) {

    /**
     * Lengths roughly as in the competition's training set (mostly 2 and 3 digits), with 5 and 6 digits more
     * frequent than there so the last heads see examples; varied size, tilt, blur and noise.
     */
    public static final GeneratorSettings DEFAULT = new GeneratorSettings(
            List.of(0.16, 0.42, 0.28, 0.10, 0.025, 0.015), 12, 64, 6.0, 1.6, 10.0);

    public GeneratorSettings {
        lengthWeights = List.copyOf(lengthWeights);
        if (lengthWeights.isEmpty() || lengthWeights.stream().anyMatch(w -> !(w >= 0))
                || lengthWeights.stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw new IllegalArgumentException("length weights must be non-negative with a positive sum, were "
                    + lengthWeights);
        }
        if (minGlyphHeight < 6 || maxGlyphHeight < minGlyphHeight) {
            throw new IllegalArgumentException("glyph heights must satisfy 6 <= min <= max, were " + minGlyphHeight
                    + ".." + maxGlyphHeight);
        }
    }

    public int maxDigits() {
        return lengthWeights.size();
    }
}
