package io.streetdigits.bench;

/**
 * One row of the model comparison, every figure measured by {@code ./streetdigits compare} on this machine.
 *
 * @param name                   the model's name in the repository
 * @param version                its version
 * @param architecture           the architecture, as its card names it
 * @param settings               the architecture's settings that differ between models (width, depth, k, ...)
 * @param wholeStringAccuracy    on the validation images, read by ONNX Runtime with serving's preprocessing
 * @param characterAccuracy      the same readings, character by character
 * @param parameters             trainable parameters (kNN: stored exemplar values)
 * @param flops                  floating-point operations per image, from the layer shapes
 * @param onnxBytes              size of model.onnx
 * @param batchOneMillis         ONNX Runtime, one image per run: median milliseconds
 * @param batch64ImagesPerSecond ONNX Runtime, 64 images per run: median images per second
 * @param epochs                 epochs trained
 * @param secondsPerEpoch        training time of one epoch over the training images (median epoch, validation not
 *                               counted); null where the card does not say
 * @param peakMemoryMiB          the training process's peak resident memory; null where unknown
 */
record ComparedModel(String name, int version, String architecture, String settings, double wholeStringAccuracy,
        double characterAccuracy, long parameters, long flops, long onnxBytes, double batchOneMillis,
        double batch64ImagesPerSecond, int epochs, Double secondsPerEpoch, Double peakMemoryMiB) {
}
