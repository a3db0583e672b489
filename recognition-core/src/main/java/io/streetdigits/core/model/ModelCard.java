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
 * @param task           {@link #READS_DIGITS} (one softmax output per position), {@link #LOCATES_DIGITS} (the box
 *                       around the digits, left, top, right, bottom, as fractions of the image, and for a heat map
 *                       its peak) or {@link #READS_CHARACTERS} (one softmax output: the digit in a crop of one
 *                       character)
 * @param input          the image input, NCHW float32
 * @param outputs        the outputs: one per digit position, left to right, or the box output, which a locator
 *                       may follow with {@link #PEAK_OUTPUT}
 * @param preprocessing  exactly how images become the input tensor
 * @param labels         how outputs map to digits (readers only)
 * @param locator        for a reader of tight crops, or a locator that refines another's box, the locator that
 *                       finds the digits first; for a character reader, the reader of numbers whose box and digit
 *                       count place the characters; else null
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
        LocatorRef locator,
        Map<String, Double> metrics,
        long parameterCount,
        Long flopsPerImage,
        TrainingProvenance provenance,
        ParityCheck parity,
        Instant createdAt) {

    public static final String READS_DIGITS = "read-digits";
    public static final String LOCATES_DIGITS = "locate-digits";
    public static final String READS_CHARACTERS = "read-characters";
    public static final String VAL_WHOLE_STRING_ACCURACY = "valWholeStringAccuracy";
    public static final String VAL_CHARACTER_ACCURACY = "valCharacterAccuracy";
    public static final String VAL_MEAN_IOU = "valMeanIoU";
    /**
     * A locator's second output, {@code [batch, 1]}: how strongly its heat map marks the digits it boxed (the map's
     * peak, 0 to 1), by which serving decides whether to look closer and which look to keep.
     */
    public static final String PEAK_OUTPUT = "peak";

    public ModelCard {
        ModelRepository.requireValidName(name);
        Objects.requireNonNull(architecture, "architecture");
        task = task == null ? READS_DIGITS : task; // cards written before locators existed are readers
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
            Objects.requireNonNull(locator, "a character reader needs the reader of numbers that places it");
        } else if (task.equals(LOCATES_DIGITS)) {
            if (outputs.size() != 1 && !boxThenPeak(outputs)) {
                throw new IllegalArgumentException("locator " + name + " must have the box as its output, perhaps"
                        + " followed by '" + PEAK_OUTPUT + "'; has " + outputs);
            }
        } else {
            throw new IllegalArgumentException("model " + name + " has unknown task '" + task + "'; tasks are "
                    + READS_DIGITS + ", " + LOCATES_DIGITS + " and " + READS_CHARACTERS);
        }
    }

    public boolean locates() {
        return task.equals(LOCATES_DIGITS);
    }

    public boolean readsCharacters() {
        return task.equals(READS_CHARACTERS);
    }

    /** Whether this locator also answers how strongly it marks the digits ({@link #PEAK_OUTPUT}, its second). */
    public boolean givesPeak() {
        return locates() && boxThenPeak(outputs);
    }

    private static boolean boxThenPeak(List<String> outputs) {
        return outputs.size() == 2 && outputs.get(1).equals(PEAK_OUTPUT);
    }

    public ModelCard withVersion(int newVersion) {
        return new ModelCard(name, newVersion, architecture, task, input, outputs, preprocessing, labels, locator,
                metrics, parameterCount, flopsPerImage, provenance, parity, createdAt);
    }

    public ModelCard withName(String newName) {
        return new ModelCard(newName, version, architecture, task, input, outputs, preprocessing, labels, locator,
                metrics, parameterCount, flopsPerImage, provenance, parity, createdAt);
    }
}
