package io.streetdigits.inference.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.streetdigits.core.contract.DigitReading;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.image.ImagePreprocessor;
import io.streetdigits.core.label.DigitSequenceDecoder;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.model.ModelVersion;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One model version open in ONNX Runtime, with the preprocessing and decoding its card prescribes (the DJL split:
 * preprocessing and decoding are the shared core's pure functions; this class only runs the engine).
 *
 * <p>Reference-counted so it can be swapped while requests are in flight: the registry holds one reference,
 * every request {@link #tryAcquire() acquires} one for its run, and the session closes when the last is released.
 */
public final class LoadedModel {

    private final ModelRef ref;
    private final ModelCard card;
    private final OrtSession session;
    private final String provider;
    private final ImagePreprocessor preprocessor;
    private final DigitSequenceDecoder decoder;
    private final AtomicInteger references = new AtomicInteger(1);

    private LoadedModel(ModelRef ref, ModelCard card, OrtSession session, String provider) {
        this.ref = ref;
        this.card = card;
        this.session = session;
        this.provider = provider;
        this.preprocessor = new ImagePreprocessor(card.preprocessing());
        this.decoder = card.locates() ? null : new DigitSequenceDecoder(card.labels());
    }

    /** Opens a version and checks that the graph has the input and outputs its card names. */
    public static LoadedModel open(ModelVersion version, SessionFactory sessions) throws IOException, OrtException {
        ModelCard card = version.readCard();
        SessionFactory.OpenedSession opened = sessions.open(version.onnxFile());
        OrtSession session = opened.session();
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            if (!inputs.containsKey(card.input().name()) || !outputs.keySet().containsAll(card.outputs())) {
                throw new IOException("model " + version.ref() + " does not match its card: the graph has inputs "
                        + inputs.keySet() + " and outputs " + outputs.keySet() + ", the card names "
                        + card.input().name() + " and " + card.outputs());
            }
            return new LoadedModel(version.ref(), card, session, opened.provider());
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    public ModelRef ref() {
        return ref;
    }

    public ModelCard card() {
        return card;
    }

    public String provider() {
        return provider;
    }

    public ImagePreprocessor preprocessor() {
        return preprocessor;
    }

    /**
     * Reads digits: runs a reader on {@code count} preprocessed images laid out one after another in {@code batch}.
     */
    public List<DigitReading> read(float[] batch, int count) throws OrtException {
        int positions = card.labels().positions();
        int classes = card.labels().classes();
        float[][] outputs = run(batch, count);
        List<DigitReading> readings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            float[][] probabilities = new float[positions][classes];
            for (int p = 0; p < positions; p++) {
                System.arraycopy(outputs[p], i * classes, probabilities[p], 0, classes);
            }
            readings.add(decoder.decode(probabilities));
        }
        return readings;
    }

    /**
     * Reads characters: runs a character reader once over the preprocessed cells of several numbers, laid out one
     * after another in {@code cells}, {@code counts[i]} cells for number {@code i}, and reads each number from its
     * cells, left to right.
     */
    public List<DigitReading> readCharacters(float[] cells, int[] counts) throws OrtException {
        int classes = card.labels().classes();
        float[] flat = run(cells, Arrays.stream(counts).sum())[0];
        List<DigitReading> readings = new ArrayList<>(counts.length);
        int cell = 0;
        for (int count : counts) {
            float[][] characters = new float[count][classes];
            for (int c = 0; c < count; c++, cell++) {
                System.arraycopy(flat, cell * classes, characters[c], 0, classes);
            }
            readings.add(decoder.decodeCharacters(characters));
        }
        return readings;
    }

    /**
     * Finds digits: runs a locator on {@code count} preprocessed images and returns, per image, the box around its
     * digits as fractions of the image (left, top, right, bottom) and, where the card names one, the peak of its
     * heat map.
     */
    public Sightings locate(float[] batch, int count) throws OrtException {
        float[][] outputs = run(batch, count);
        float[][] boxes = new float[count][4];
        for (int i = 0; i < count; i++) {
            System.arraycopy(outputs[0], i * 4, boxes[i], 0, 4);
        }
        return new Sightings(boxes, card.givesPeak() ? outputs[1] : null);
    }

    /** Every output of the card, in order, each as one flat array over the batch. */
    private float[][] run(float[] batch, int count) throws OrtException {
        int size = card.preprocessing().tensorSize();
        if (batch.length < count * size) {
            throw new IllegalArgumentException("batch holds " + batch.length + " floats, " + count + " images need "
                    + count * size);
        }
        float[][] outputs = new float[card.outputs().size()][];
        try (OnnxTensor input = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(),
                FloatBuffer.wrap(batch, 0, count * size), card.preprocessing().shape(count));
                OrtSession.Result result = session.run(Map.of(card.input().name(), input))) {
            for (int o = 0; o < outputs.length; o++) {
                OnnxValue value = result.get(card.outputs().get(o))
                        .orElseThrow(() -> new IllegalStateException("model " + ref + " returned no output"));
                FloatBuffer values = ((OnnxTensor) value).getFloatBuffer();
                outputs[o] = new float[values.remaining()];
                values.get(outputs[o]);
            }
        }
        return outputs;
    }

    /** Runs a batch of blank images, so the first real batch does not pay for ONNX Runtime's lazy set-up. */
    public void warmUp(int batchSize) throws OrtException {
        run(new float[batchSize * card.preprocessing().tensorSize()], batchSize);
    }

    /** Takes a reference for one run; false when the model has already been closed (retry with the registry). */
    public boolean tryAcquire() {
        int current;
        do {
            current = references.get();
            if (current == 0) {
                return false;
            }
        } while (!references.compareAndSet(current, current + 1));
        return true;
    }

    /** Gives back a reference; the last one closes the session. */
    public void release() {
        if (references.decrementAndGet() == 0) {
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException("cannot close the session of " + ref + ": " + e.getMessage(), e);
            }
        }
    }
}
