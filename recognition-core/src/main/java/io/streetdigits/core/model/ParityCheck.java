package io.streetdigits.core.model;

/**
 * The proof that the exported ONNX graph computes what the trained network computes: the largest absolute
 * difference between their outputs on the same inputs (NaN counts as infinitely different).
 */
public record ParityCheck(int samples, double maxAbsDifference, double tolerance, String runtime) {

    public boolean passed() {
        return maxAbsDifference <= tolerance;
    }
}
