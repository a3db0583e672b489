package io.streetdigits.core.detection;

/**
 * A character detector's output for one image, as the exported graph answers it: for every cell of a
 * {@code height x width} grid, {@link #CLASSES} softmax probabilities (digits 0-9, then {@link #BACKGROUND}: no
 * character is centred here), and the box of the character centred there ({@link #SIZES}: width, then height, as
 * fractions of the input). Both are NCHW, read from {@code offset} of their arrays.
 */
public record CharacterMaps(float[] classes, int classesOffset, float[] sizes, int sizesOffset, int height,
        int width) {

    /** The detector's outputs, as its ONNX graph and model card name them. */
    public static final String CLASS_OUTPUT = "classes";
    public static final String SIZE_OUTPUT = "sizes";
    public static final int CLASSES = 11;
    public static final int BACKGROUND = 10;
    public static final int SIZES = 2;
    /** Input pixels per map cell, along each side. */
    public static final int STRIDE = 4;

    public CharacterMaps {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("a character map needs at least one cell, was " + height + "x" + width);
        }
        if (classesOffset < 0 || classesOffset + CLASSES * height * width > classes.length
                || sizesOffset < 0 || sizesOffset + SIZES * height * width > sizes.length) {
            throw new IllegalArgumentException("the detector's outputs are shorter than a " + height + "x" + width
                    + " map of " + CLASSES + " classes and " + SIZES + " sizes");
        }
    }

    public float probability(int channel, int y, int x) {
        return classes[classesOffset + (channel * height + y) * width + x];
    }

    /** The probability that some character is centred in this cell. */
    public double characterScore(int y, int x) {
        return 1.0 - probability(BACKGROUND, y, x);
    }

    public float size(int channel, int y, int x) {
        return sizes[sizesOffset + (channel * height + y) * width + x];
    }
}
