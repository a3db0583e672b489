package io.streetdigits.core.tianchi;

/**
 * One labelled character: its digit and its box in pixels (left/top corner, width, height). Boxes come from the
 * official label files unchanged, so some reach a few pixels beyond the image; use {@link #clippedTo} before
 * cropping.
 */
public record CharacterBox(int digit, double left, double top, double width, double height) {

    public CharacterBox {
        if (digit < 0 || digit > 9) {
            throw new IllegalArgumentException("digit must be 0-9, was " + digit);
        }
        if (!(width >= 0) || !(height >= 0)) {
            throw new IllegalArgumentException("box size must not be negative, was " + width + "x" + height);
        }
    }

    public double right() {
        return left + width;
    }

    public double bottom() {
        return top + height;
    }

    /** This box cut to an image of the given size (possibly empty when it lies wholly outside). */
    public CharacterBox clippedTo(int imageWidth, int imageHeight) {
        double l = clamp(left, imageWidth);
        double t = clamp(top, imageHeight);
        double r = clamp(right(), imageWidth);
        double b = clamp(bottom(), imageHeight);
        return new CharacterBox(digit, l, t, r - l, b - t);
    }

    private static double clamp(double value, int limit) {
        return Math.min(Math.max(value, 0), limit);
    }
}
