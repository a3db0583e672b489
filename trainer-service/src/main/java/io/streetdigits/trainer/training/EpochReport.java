package io.streetdigits.trainer.training;

/**
 * One finished epoch.
 *
 * @param epoch           1-based
 * @param epochs          epochs in the run
 * @param meanLoss        mean training loss over the epoch's batches
 * @param validation      how the network did on the validation images after the epoch
 * @param seconds         wall-clock time of the epoch, evaluation included
 * @param imagesPerSecond training throughput: network inputs (images, or a character reader's characters) per
 *                        second
 */
public record EpochReport(int epoch, int epochs, double meanLoss, Validation validation, double seconds,
        double imagesPerSecond) {

    /** The validation figures as {@code name value} pairs, for progress lines. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        new java.util.TreeMap<>(validation.metrics()).forEach((name, value) ->
                text.append(text.length() == 0 ? "" : ", ").append(name).append(' ')
                        .append(String.format("%.4f", value)));
        return text.toString();
    }
}
