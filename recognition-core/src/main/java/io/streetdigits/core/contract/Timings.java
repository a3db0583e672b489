package io.streetdigits.core.contract;

/**
 * Where the time of one recognition went, in milliseconds.
 *
 * @param queueMillis      from submission until the inference service picked the request up
 * @param decodeMillis     image decoding and preprocessing
 * @param inferenceMillis  running the model (for a batched run, the whole batch's run)
 * @param totalMillis      from submission until the result was produced
 */
public record Timings(double queueMillis, double decodeMillis, double inferenceMillis, double totalMillis) {
}
