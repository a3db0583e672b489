package io.streetdigits.inference.model;

/**
 * What a locator found in a batch of images.
 *
 * @param boxes per image, the box around its digits as fractions of the image: left, top, right, bottom
 * @param peaks per image, how strongly the locator's heat map marks them (0 to 1); null for a locator that does
 *              not say ({@link io.streetdigits.core.model.ModelCard#givesPeak()})
 */
public record Sightings(float[][] boxes, float[] peaks) {

    public boolean havePeaks() {
        return peaks != null;
    }
}
