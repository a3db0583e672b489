package io.streetdigits.core.label;

import io.streetdigits.core.contract.DigitReading;
import io.streetdigits.core.contract.PositionPrediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Model output to a {@link DigitReading}: takes the most probable class of each position head and joins the
 * digits (blanks dropped), with per-position confidences and their product as the reading's confidence.
 */
public final class DigitSequenceDecoder {

    private final LabelSchema schema;
    private final DigitSequenceCodec codec;

    public DigitSequenceDecoder(LabelSchema schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.codec = new DigitSequenceCodec(schema);
    }

    /**
     * @param probabilities one array per position, each of {@link LabelSchema#classes()} softmax probabilities
     */
    public DigitReading decode(float[][] probabilities) {
        if (probabilities.length != schema.positions()) {
            throw new IllegalArgumentException("expected " + schema.positions() + " position outputs, got "
                    + probabilities.length);
        }
        int[] classes = new int[probabilities.length];
        List<PositionPrediction> positions = new ArrayList<>(probabilities.length);
        double confidence = 1.0;
        for (int p = 0; p < probabilities.length; p++) {
            float[] scores = probabilities[p];
            if (scores.length != schema.classes()) {
                throw new IllegalArgumentException("position " + p + " has " + scores.length + " classes, expected "
                        + schema.classes());
            }
            int best = argmax(scores);
            double probability = clamp(scores[best]);
            classes[p] = best;
            confidence *= probability;
            positions.add(new PositionPrediction(p, best == schema.blankClass() ? null : best, probability));
        }
        return new DigitReading(codec.decode(classes), confidence, positions);
    }

    /**
     * A character reader's output to a {@link DigitReading}: one array of class probabilities per character cell,
     * left to right; each cell reads as its most probable digit. "No digit" is never chosen: the reader of numbers
     * before it has counted the characters.
     */
    public DigitReading decodeCharacters(float[][] characters) {
        StringBuilder digits = new StringBuilder(characters.length);
        List<PositionPrediction> positions = new ArrayList<>(characters.length);
        double confidence = 1.0;
        for (int p = 0; p < characters.length; p++) {
            if (characters[p].length != schema.classes()) {
                throw new IllegalArgumentException("character " + p + " has " + characters[p].length
                        + " classes, expected " + schema.classes());
            }
            int best = argmax(characters[p], LabelSchema.DIGIT_CLASSES);
            double probability = clamp(characters[p][best]);
            digits.append((char) ('0' + best));
            confidence *= probability;
            positions.add(new PositionPrediction(p, best, probability));
        }
        return new DigitReading(digits.toString(), confidence, positions);
    }

    private static int argmax(float[] scores) {
        return argmax(scores, scores.length);
    }

    /** The best of the first {@code classes} scores. */
    private static int argmax(float[] scores, int classes) {
        int best = 0;
        for (int i = 1; i < classes; i++) {
            // NaN never wins, so a broken model reads as its first class instead of failing the comparison.
            if (scores[i] > scores[best] || Float.isNaN(scores[best])) {
                best = i;
            }
        }
        return best;
    }

    private static double clamp(float probability) {
        if (Float.isNaN(probability)) {
            return 0.0;
        }
        return Math.min(1.0, Math.max(0.0, probability));
    }
}
