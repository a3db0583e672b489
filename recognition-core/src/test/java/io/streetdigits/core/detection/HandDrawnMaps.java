package io.streetdigits.core.detection;

import java.util.Arrays;

/**
 * A detector's answer for one image, written by hand: background everywhere except where a test centres a
 * character, so a test states exactly which peaks the decoder sees.
 */
public final class HandDrawnMaps {

    private final int height;
    private final int width;
    private final float[] classes;
    private final float[] sizes;

    public HandDrawnMaps(int height, int width) {
        this.height = height;
        this.width = width;
        this.classes = new float[CharacterMaps.CLASSES * height * width];
        this.sizes = new float[CharacterMaps.SIZES * height * width];
        Arrays.fill(classes, CharacterMaps.BACKGROUND * height * width, (CharacterMaps.BACKGROUND + 1) * height * width,
                1f);
    }

    /** Maps that hold nothing but NaN, as a diverged network answers. */
    public static HandDrawnMaps diverged(int height, int width) {
        HandDrawnMaps maps = new HandDrawnMaps(height, width);
        Arrays.fill(maps.classes, Float.NaN);
        Arrays.fill(maps.sizes, Float.NaN);
        return maps;
    }

    /**
     * Centres a character in cell ({@code y}, {@code x}): some character is there with probability
     * {@code presence}, and it is {@code digit} with probability {@code digitProbability} (above one half, so the
     * digit wins; the rest goes to the next digit). Its box is {@code boxWidth x boxHeight}, as fractions of the input.
     */
    public HandDrawnMaps character(int y, int x, int digit, double presence, double digitProbability, double boxWidth,
            double boxHeight) {
        set(classes, CharacterMaps.BACKGROUND, y, x, 1 - presence);
        set(classes, digit, y, x, presence * digitProbability);
        set(classes, (digit + 1) % 10, y, x, presence * (1 - digitProbability));
        set(sizes, 0, y, x, boxWidth);
        set(sizes, 1, y, x, boxHeight);
        return this;
    }

    public CharacterMaps maps() {
        return new CharacterMaps(classes, 0, sizes, 0, height, width);
    }

    /** Several images' maps one after another, as a detector answers a batch: its two outputs. */
    public static float[][] batch(HandDrawnMaps... images) {
        int classLength = images[0].classes.length;
        int sizeLength = images[0].sizes.length;
        float[] classes = new float[images.length * classLength];
        float[] sizes = new float[images.length * sizeLength];
        for (int i = 0; i < images.length; i++) {
            System.arraycopy(images[i].classes, 0, classes, i * classLength, classLength);
            System.arraycopy(images[i].sizes, 0, sizes, i * sizeLength, sizeLength);
        }
        return new float[][] {classes, sizes};
    }

    private void set(float[] planes, int channel, int y, int x, double value) {
        planes[(channel * height + y) * width + x] = (float) value;
    }
}
