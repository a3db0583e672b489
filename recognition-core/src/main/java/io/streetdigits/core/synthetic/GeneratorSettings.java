package io.streetdigits.core.synthetic;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the {@link HouseNumberGenerator} draws.
 *
 * @param lengthWeights relative frequency of 1, 2, ... digit numbers (the list's size is the longest number)
 * @param minGlyphHeight smallest digit height in pixels
 * @param maxGlyphHeight largest digit height in pixels
 * @param maxRotationDegrees largest tilt either way
 * @param maxBlurRadius largest blur radius in pixels
 * @param maxNoise largest standard deviation of pixel noise, in 8-bit levels
 * @param maxPerspective how far each corner of the image may move inwards, as a share of its side (0: none)
 * @param clutterChance the share of images with things beside the number ({@link Clutter}) and the wider view of
 *                      the wall that shows them
 * @param jpegChance the share of images saved as a JPEG of low to middling quality and read back
 */
public record GeneratorSettings(List<Double> lengthWeights, int minGlyphHeight, int maxGlyphHeight,
        double maxRotationDegrees, double maxBlurRadius, double maxNoise, double maxPerspective,
        double clutterChance, double jpegChance) {

    /**
     * Lengths roughly as in the competition's training set (mostly 2 and 3 digits), with 5 and 6 digits more
     * frequent than there so the last heads see examples; varied size, tilt, blur and noise; no perspective, clutter
     * or JPEG. The images the tests and benchmarks are built on (see {@link HouseNumberGenerator#plain()}); the
     * synthetic training images until 2026-12-01.
     */
    public static final GeneratorSettings PLAIN = new GeneratorSettings(
            List.of(0.16, 0.42, 0.28, 0.10, 0.025, 0.015), 12, 64, 6.0, 1.6, 10.0, 0, 0, 0);

    /**
     * {@link #PLAIN} seen as street photos are: in perspective, half of them among clutter, half JPEG-compressed.
     * The trainer's synthetic images from 2026-12-01 and {@code streetdigits generate}'s.
     */
    public static final GeneratorSettings STREET = PLAIN.withStreetEffects(0.12, 0.5, 0.5);

    /** The presets by name, as the trainer's {@code --synthetic-style} and model cards give them. */
    public static final Map<String, GeneratorSettings> STYLES = Map.of("plain", PLAIN, "street", STREET);

    /** The preset of that name. */
    public static GeneratorSettings style(String name) {
        GeneratorSettings settings = name == null ? null : STYLES.get(name); // Map.of refuses a null key
        if (settings == null) {
            throw new IllegalArgumentException("synthetic style '" + name + "' is not one of "
                    + new TreeSet<>(STYLES.keySet()));
        }
        return settings;
    }

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
        if (!(maxPerspective >= 0 && maxPerspective <= 0.3)) {
            throw new IllegalArgumentException("the perspective's corner shift must be between 0 and 0.3 of a side,"
                    + " was " + maxPerspective);
        }
        if (!(clutterChance >= 0 && clutterChance <= 1) || !(jpegChance >= 0 && jpegChance <= 1)) {
            throw new IllegalArgumentException("the chances of clutter and JPEG must be between 0 and 1, were "
                    + clutterChance + " and " + jpegChance);
        }
    }

    /** These settings with the given perspective, clutter and JPEG, everything else as it is. */
    public GeneratorSettings withStreetEffects(double perspective, double clutter, double jpeg) {
        return new GeneratorSettings(lengthWeights, minGlyphHeight, maxGlyphHeight, maxRotationDegrees,
                maxBlurRadius, maxNoise, perspective, clutter, jpeg);
    }

    public int maxDigits() {
        return lengthWeights.size();
    }
}
