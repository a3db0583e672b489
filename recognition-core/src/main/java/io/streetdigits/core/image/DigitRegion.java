package io.streetdigits.core.image;

/**
 * The crop a digit reader sees: the box around the digits, widened on each side by a fraction of the digits'
 * height. Training computes it from labelled boxes, serving from a locator's box; both through here, so the two
 * cannot drift apart.
 */
public final class DigitRegion {

    private DigitRegion() {
    }

    /**
     * @param left   left edge of the digits, in pixels
     * @param top    top edge
     * @param right  right edge
     * @param bottom bottom edge
     * @param margin room on each side, as a fraction of the digits' height
     */
    public static CropRegion around(double left, double top, double right, double bottom, double margin) {
        double width = Math.max(1, right - left);
        double height = Math.max(1, bottom - top);
        double pad = margin * height;
        return new CropRegion(left - pad, top - pad, width + 2 * pad, height + 2 * pad);
    }
}
