package io.streetdigits.core.contract;

/**
 * What one output head of the model read at one character position.
 *
 * @param position   0-based position from the left
 * @param digit      the digit read there, or {@code null} when the model says the position is empty
 * @param confidence the model's probability for that choice, in [0, 1]
 */
public record PositionPrediction(int position, Integer digit, double confidence) {

    public PositionPrediction {
        if (position < 0) {
            throw new IllegalArgumentException("position must be >= 0, was " + position);
        }
        if (digit != null && (digit < 0 || digit > 9)) {
            throw new IllegalArgumentException("digit must be 0-9 or null, was " + digit);
        }
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], was " + confidence);
        }
    }
}
