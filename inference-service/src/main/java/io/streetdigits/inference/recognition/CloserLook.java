package io.streetdigits.inference.recognition;

import io.streetdigits.core.contract.DigitReading;
import io.streetdigits.core.image.CropRegion;
import io.streetdigits.inference.InferenceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * When to look closer at a photo, where, and which look to believe. The first locator sees a whole photo at its
 * input size (64x128), where a number a fifth of the photo high is a dozen pixels; most of the numbers it misses
 * are small in wide photos, and for those its heat map mostly lights up elsewhere. Tiles of the photo show the number
 * larger, at the framing the locator learned. So when the first look's heat map peaks at or below
 * {@code when-peak-at-most}, the locator looks again at four tiles ({@link #tiles}), every look is read through the
 * rest of the chain, and the reading with the best {@link #score} is kept.
 *
 * <p>Chosen on the 500 validation photos with in-process runs of the default chain (a side path for choosing; the
 * pipeline's figures are in docs/accuracy.md). Looking at every photo, the rule's weights chosen on one half of val
 * gained 0.026 whole-string on the other (mean of 20 random halves, standard deviation 0.010).
 */
@ApplicationScoped
public class CloserLook {

    /** How much the locator's certainty weighs against the reader's: its log peak counts eight times. */
    static final double PEAK_WEIGHT = 8;
    /** What a tile's reading must beat the whole photo's by (in log units): a tile sees less of the photo. */
    static final double TILE_PENALTY = 0.5;
    /** A peak of 0 would score minus infinity; no look is that sure to be wrong. */
    private static final double LEAST_PEAK = 1e-6;

    /** A float, as the peaks are: a peak of 0.98f is "at" a threshold of 0.98. */
    private final float whenPeakAtMost;
    private final double tileShare;
    private final InferenceMetrics metrics;

    @Inject
    public CloserLook(InferenceConfig config, InferenceMetrics metrics) {
        this(config.inference().closerLook().whenPeakAtMost(), config.inference().closerLook().tileShare(), metrics);
    }

    CloserLook(double whenPeakAtMost, double tileShare, InferenceMetrics metrics) {
        if (!(tileShare > 0 && tileShare < 1)) {
            throw new IllegalArgumentException("streetdigits.inference.closer-look.tile-share must be between 0 and 1"
                    + " (a share of the photo's width and height), was " + tileShare);
        }
        this.whenPeakAtMost = (float) whenPeakAtMost;
        this.tileShare = tileShare;
        this.metrics = metrics;
    }

    /** Whether a photo whose first look peaked so deserves a closer look. */
    boolean wanted(float peak) {
        return peak <= whenPeakAtMost;
    }

    /**
     * The tiles of a photo: its four corners, each {@code tile-share} of its width and height, so that together
     * they cover it (a fifth tile in the centre read no more of val's numbers).
     */
    CropRegion[] tiles(int width, int height) {
        double tileWidth = tileShare * width;
        double tileHeight = tileShare * height;
        double right = width - tileWidth;
        double bottom = height - tileHeight;
        return new CropRegion[] {new CropRegion(0, 0, tileWidth, tileHeight),
            new CropRegion(right, 0, tileWidth, tileHeight), new CropRegion(0, bottom, tileWidth, tileHeight),
            new CropRegion(right, bottom, tileWidth, tileHeight)};
    }

    /** How much to believe a look's reading: the higher the better. */
    static double score(float peak, DigitReading reading, boolean tile) {
        return PEAK_WEIGHT * Math.log(Math.max(LEAST_PEAK, peak)) + Math.log(Math.max(Double.MIN_NORMAL,
                reading.confidence())) - (tile ? TILE_PENALTY : 0);
    }

    void counted(int photos, int keptTiles) {
        if (photos > 0) {
            metrics.closerLooks(photos, keptTiles);
        }
    }
}
