package io.streetdigits.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.streetdigits.core.detection.CharacterMaps;
import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.label.LabelSchema;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What travels beside every {@code model.onnx}: what the model expects and returns, how to preprocess for it,
 * how good it is and how it was made. Serving reads only this file and the ONNX graph.
 *
 * @param name           the model name in the repository
 * @param version        the repository version (0 until published)
 * @param architecture   the network's architecture name
 * @param task           {@link #READS_DIGITS} (one softmax output per position), {@link #DETECTS_CHARACTERS} (the
 *                       maps of {@link CharacterMaps}) or {@link #READS_CHARACTERS} (one softmax output: the digit in
 *                       a crop of one character)
 * @param input          the image input, NCHW float32
 * @param outputs        the outputs: one per digit position, left to right; a detector's two maps; or a character
 *                       reader's one
 * @param preprocessing  exactly how images become the input tensor
 * @param labels         how outputs map to digits (readers only)
 * @param runsBehind     for a classifier of single characters: the pipeline it reads behind when named alone, its
 *                       character-reading step taken by this model ({@link ModelRepository#reading}); null otherwise
 * @param metrics        validation metrics, e.g. {@code valWholeStringAccuracy}
 * @param parameterCount trainable parameters (for kNN: the stored exemplar values)
 * @param flopsPerImage  floating-point operations of one image's forward pass, counted from the layer shapes:
 *                       2 per multiply-add of every convolution and fully connected layer (normalisation, pooling
 *                       and activations, a few percent, are not counted); null on cards written before it was
 * @param provenance     data, seed, epochs, code version
 * @param parity         DL4J versus ONNX Runtime agreement, checked at export
 * @param createdAt      when the card was written
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelCard(
        String name,
        int version,
        String architecture,
        String task,
        TensorSpec input,
        List<String> outputs,
        PreprocessingSpec preprocessing,
        LabelSchema labels,
        String runsBehind,
        Map<String, Double> metrics,
        long parameterCount,
        Long flopsPerImage,
        TrainingProvenance provenance,
        ParityCheck parity,
        Instant createdAt) {

    public static final String READS_DIGITS = "read-digits";
    public static final String READS_CHARACTERS = "read-characters";
    public static final String DETECTS_CHARACTERS = "detect-characters";
    public static final String VAL_WHOLE_STRING_ACCURACY = "valWholeStringAccuracy";
    public static final String VAL_CHARACTER_ACCURACY = "valCharacterAccuracy";
    public static final String VAL_MEAN_IOU = "valMeanIoU";
    /** A detector's score threshold that read its validation images best: its pipeline step's default. */
    public static final String BEST_THRESHOLD = "bestThreshold";

    public ModelCard {
        ModelRepository.requireValidName(name);
        Objects.requireNonNull(architecture, "architecture");
        task = task == null ? READS_DIGITS : task; // cards written before other tasks existed are readers
        Objects.requireNonNull(input, "input");
        outputs = List.copyOf(outputs);
        Objects.requireNonNull(preprocessing, "preprocessing");
        metrics = Collections.unmodifiableMap(new TreeMap<>(metrics == null ? Map.of() : metrics));
        if (task.equals(READS_DIGITS)) {
            Objects.requireNonNull(labels, "labels");
            if (outputs.size() != labels.positions()) {
                throw new IllegalArgumentException("model " + name + " lists " + outputs.size() + " outputs for "
                        + labels.positions() + " digit positions");
            }
        } else if (task.equals(READS_CHARACTERS)) {
            Objects.requireNonNull(labels, "labels");
            if (outputs.size() != 1 || labels.positions() != 1) {
                throw new IllegalArgumentException("character reader " + name + " must have one output of one"
                        + " position, has " + outputs.size() + " outputs of " + labels.positions());
            }
        } else if (task.equals(DETECTS_CHARACTERS)) {
            if (!outputs.equals(List.of(CharacterMaps.CLASS_OUTPUT, CharacterMaps.SIZE_OUTPUT))) {
                throw new IllegalArgumentException("detector " + name + " must answer the outputs "
                        + CharacterMaps.CLASS_OUTPUT + " and " + CharacterMaps.SIZE_OUTPUT + ", has " + outputs);
            }
        } else {
            throw new IllegalArgumentException("model " + name + " has unknown task '" + task + "'; tasks are "
                    + READS_DIGITS + ", " + READS_CHARACTERS + " and " + DETECTS_CHARACTERS);
        }
        if (runsBehind != null) {
            ModelRepository.requireValidName(runsBehind);
            if (!task.equals(READS_CHARACTERS)) {
                throw new IllegalArgumentException("model " + name + " is a " + task + " model; only a classifier of"
                        + " characters reads behind a pipeline, and it names " + runsBehind);
            }
        }
    }

    public ModelCard withVersion(int newVersion) {
        return new ModelCard(name, newVersion, architecture, task, input, outputs, preprocessing, labels, runsBehind,
                metrics, parameterCount, flopsPerImage, provenance, parity, createdAt);
    }

    public ModelCard withRunsBehind(String pipeline) {
        return new ModelCard(name, version, architecture, task, input, outputs, preprocessing, labels, pipeline,
                metrics, parameterCount, flopsPerImage, provenance, parity, createdAt);
    }

    public ModelCard withName(String newName) {
        return new ModelCard(newName, version, architecture, task, input, outputs, preprocessing, labels, runsBehind,
                metrics, parameterCount, flopsPerImage, provenance, parity, createdAt);
    }
}
