package io.streetdigits.trainer.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An ONNX model produced by {@link OnnxExporter}.
 *
 * @param bytes          the serialised {@code ModelProto}
 * @param inputName      the image input, NCHW float32 with a dynamic batch dimension
 * @param inputShape     channels, height, width
 * @param outputNames    the network's outputs, in the network's order
 */
public record ExportedModel(byte[] bytes, String inputName, List<Long> inputShape, List<String> outputNames) {

    public ExportedModel {
        outputNames = List.copyOf(outputNames);
        inputShape = List.copyOf(inputShape);
    }

    public Path writeTo(Path file) throws IOException {
        return Files.write(file, bytes);
    }
}
