package io.streetdigits.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.label.LabelSchema;
import java.time.Instant;
import java.util.List;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;

/**
 * What travels beside every {@code model.onnx}: what the model expects and returns, how to preprocess for it,
 * how good it is and how it was made. Serving reads only this file and the ONNX graph.
 *
 * @param name           the model name in the repository
 * @param version        the repository version (0 until published)
 * @param architecture   the network's architecture name
 * @param input          the image input, NCHW float32
 * @param outputs        one softmax output per digit position, left to right
 * @param preprocessing  exactly how images become the input tensor
 * @param labels         how outputs map to digits
 * @param metrics        validation metrics, e.g. {@code valWholeStringAccuracy}
 * @param parameterCount trainable parameters
 * @param provenance     data, seed, epochs, code version
 * @param parity         DL4J versus ONNX Runtime agreement, checked at export
 * @param createdAt      when the card was written
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelCard(
        String name,
        int version,
        String architecture,
        TensorSpec input,
        List<String> outputs,
        PreprocessingSpec preprocessing,
        LabelSchema labels,
        Map<String, Double> metrics,
        long parameterCount,
        TrainingProvenance provenance,
        ParityCheck parity,
        Instant createdAt) {

    public static final String VAL_WHOLE_STRING_ACCURACY = "valWholeStringAccuracy";
    public static final String VAL_CHARACTER_ACCURACY = "valCharacterAccuracy";

    public ModelCard {
        ModelRepository.requireValidName(name);
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(input, "input");
        outputs = List.copyOf(outputs);
        Objects.requireNonNull(preprocessing, "preprocessing");
        Objects.requireNonNull(labels, "labels");
        metrics = Collections.unmodifiableMap(new TreeMap<>(metrics == null ? Map.of() : metrics));
        if (outputs.size() != labels.positions()) {
            throw new IllegalArgumentException("model " + name + " lists " + outputs.size() + " outputs for "
                    + labels.positions() + " digit positions");
        }
    }

    public ModelCard withVersion(int newVersion) {
        return new ModelCard(name, newVersion, architecture, input, outputs, preprocessing, labels, metrics,
                parameterCount, provenance, parity, createdAt);
    }
}
