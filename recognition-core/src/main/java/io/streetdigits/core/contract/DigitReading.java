package io.streetdigits.core.contract;

import java.util.List;
import java.util.Objects;

/**
 * What a model read in one image, before it is wrapped into a {@link RecognitionResult}.
 *
 * @param digits     the digit string (may be empty when every position reads as empty)
 * @param confidence the probability of the whole reading: the product of the per-position confidences
 * @param positions  one prediction per output position, left to right
 */
public record DigitReading(String digits, double confidence, List<PositionPrediction> positions) {

    public DigitReading {
        Objects.requireNonNull(digits, "digits");
        positions = List.copyOf(positions);
    }
}
