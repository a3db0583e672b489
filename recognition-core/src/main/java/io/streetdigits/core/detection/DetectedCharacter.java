package io.streetdigits.core.detection;

/**
 * One character a detector found: its digit, and its box as fractions of the detector's input (left, top, right,
 * bottom).
 *
 * @param probability the probability of that digit, given that a character is there
 * @param presence    the probability that a character is centred there at all
 */
public record DetectedCharacter(int digit, double probability, double presence, double left, double top,
        double right, double bottom) {

    public DetectedCharacter {
        if (digit < 0 || digit > 9) {
            throw new IllegalArgumentException("digit must be 0-9, was " + digit);
        }
        if (!(probability >= 0 && probability <= 1) || !(presence >= 0 && presence <= 1)) {
            throw new IllegalArgumentException("probabilities must be in [0, 1], were " + probability + " and "
                    + presence);
        }
    }

    /** The probability that this character is there and is this digit. */
    public double confidence() {
        return presence * probability;
    }

    /** The same character read again, by a classifier of its crop. */
    public DetectedCharacter readAs(int digit, double probability) {
        return new DetectedCharacter(digit, probability, presence, left, top, right, bottom);
    }

    public double centreX() {
        return (left + right) / 2;
    }

    /** Intersection over union of two boxes. */
    public double overlap(DetectedCharacter other) {
        double width = Math.min(right, other.right) - Math.max(left, other.left);
        double height = Math.min(bottom, other.bottom) - Math.max(top, other.top);
        double intersection = Math.max(0, width) * Math.max(0, height);
        double union = area() + other.area() - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    private double area() {
        return Math.max(0, right - left) * Math.max(0, bottom - top);
    }
}
