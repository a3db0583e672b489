package io.streetdigits.bench;

/**
 * One row of the model comparison, every figure measured by {@code ./streetdigits compare} on this machine.
 *
 * @param name                   the model's name in the repository (its architecture's)
 * @param version                its version
 * @param settings               the architecture's settings that tell it apart (width, hidden layers, k, ...)
 * @param characterAccuracy      the share of the validation photos' labelled characters read right, each in its
 *                               square, by ONNX Runtime with serving's preprocessing
 * @param wholeStringAccuracy    the share of the validation photos read right whole, through the default pipeline
 *                               with this model reading each character the detector found
 * @param parameters             trainable parameters (kNN: stored exemplar values)
 * @param flops                  floating-point operations per character, from the layer shapes
 * @param onnxBytes              size of model.onnx
 * @param batchOneMillis         ONNX Runtime, one character per run: median milliseconds
 * @param batch64ImagesPerSecond ONNX Runtime, 64 characters per run: median characters per second
 * @param epochs                 epochs trained
 * @param trainingSeconds        the whole training run, validation included; null where the card does not say
 * @param peakMemoryMiB          the training process's peak resident memory; null where unknown
 * @param command                the command that trained it, from its card; null where the card does not say
 */
record ComparedModel(String name, int version, String settings, double characterAccuracy,
        double wholeStringAccuracy, long parameters, long flops, long onnxBytes, double batchOneMillis,
        double batch64ImagesPerSecond, int epochs, Double trainingSeconds, Double peakMemoryMiB, String command) {
}
