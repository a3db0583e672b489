package io.streetdigits.core.image;

/**
 * The crop a digit reader sees: the box around the digits, widened on each side by a fraction of the digits'
 * height; or, for a character reader, one square cell per character. Training computes them from labelled boxes,
 * serving from a locator's box; both through here, so the two cannot drift apart.
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
     * The crops a character reader sees: the box around the digits split into {@code count} cells of equal width,
     * left to right, each a square about its cell's centre (house numbers are evenly spaced: on the labelled
     * training boxes, 94 % of the characters' centres lie within a quarter of their width of their cell's).
     *
     * @param margin room on each side of a cell, as a fraction of the digits' height
     */
    public static CropRegion[] characterCells(double left, double top, double right, double bottom, int count,
            double margin) {
        if (count < 1) {
            throw new IllegalArgumentException("need at least one character, was " + count);
        }
        double width = Math.max(1, right - left);
        double height = Math.max(1, bottom - top);
        double cellWidth = width / count;
        double side = Math.max(height, cellWidth) + 2 * margin * height;
        double centreY = top + height / 2;
        CropRegion[] cells = new CropRegion[count];
        for (int i = 0; i < count; i++) {
            double centreX = left + cellWidth * (i + 0.5);
            cells[i] = new CropRegion(centreX - side / 2, centreY - side / 2, side, side);
        }
        return cells;
    }
}
