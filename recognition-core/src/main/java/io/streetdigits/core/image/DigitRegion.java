package io.streetdigits.core.image;

/**
 * The regions cut around digits: the box around a number, widened on each side by a fraction of its height (what
 * training's scenes keep clear); and the square a character reader sees of one character. Training computes them
 * from labelled boxes, serving from a detector's; both through here, so the two cannot drift apart.
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

    /**
     * The square a character reader sees of one character: about its centre, as wide as its box's longer side plus
     * {@code margin} of its height on each side.
     */
    public static CropRegion square(double centreX, double centreY, double width, double height, double margin) {
        double side = Math.max(1, Math.max(height, width) + 2 * margin * height);
        return new CropRegion(centreX - side / 2, centreY - side / 2, side, side);
    }
}
