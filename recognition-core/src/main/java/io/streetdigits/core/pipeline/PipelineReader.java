package io.streetdigits.core.pipeline;

import io.streetdigits.core.contract.DigitReading;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.detection.CharacterDecoder;
import io.streetdigits.core.detection.CharacterMaps;
import io.streetdigits.core.detection.DetectedCharacter;
import io.streetdigits.core.detection.Detection;
import io.streetdigits.core.image.DigitRegion;
import io.streetdigits.core.image.ImagePreprocessor;
import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.label.DigitSequenceDecoder;
import io.streetdigits.core.label.LabelSchema;
import io.streetdigits.core.model.ModelCard;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a declared {@link PipelineSpec} over a batch of images: the one executor of every reading, in serving and in
 * the trainer's evaluation alike. The first step sees the whole photo: a reader of numbers reads it, or a detector
 * finds its characters ({@link CharacterDecoder}, with the step's threshold and overlap); a character reader after
 * a detector reads each character found again, in a square crop around its box widened by the step's margin. Each
 * model runs once per batch, over all of its inputs.
 */
public final class PipelineReader {

    /** The overlap a detector step allows when its declaration names none. */
    public static final double DEFAULT_MAX_OVERLAP = 0.5;

    private final List<StepModel> models;
    private final ImagePreprocessor input;
    private final CharacterDecoder decoder;
    private final double margin;
    private final ImagePreprocessor cropPreprocessor;

    /**
     * @param name   the pipeline's name, for messages
     * @param models the serving version of each step's model, in order
     * @throws IllegalArgumentException when the models cannot run as declared: a step's model has another task than
     *                                  its place allows, or a setting it needs is missing
     */
    public PipelineReader(String name, PipelineSpec spec, List<StepModel> models) {
        this.models = List.copyOf(models);
        if (models.size() != spec.steps().size()) {
            throw new IllegalArgumentException("pipeline " + name + " has " + spec.steps().size() + " steps but "
                    + models.size() + " models");
        }
        ModelCard first = models.get(0).card();
        PipelineStep firstStep = spec.steps().get(0);
        this.input = new ImagePreprocessor(first.preprocessing());
        if (first.task().equals(ModelCard.DETECTS_CHARACTERS)) {
            double threshold = firstStep.threshold() != null ? firstStep.threshold()
                    : first.metrics().getOrDefault(ModelCard.BEST_THRESHOLD, Double.NaN);
            if (Double.isNaN(threshold)) {
                throw new IllegalArgumentException("pipeline " + name + ": detector " + models.get(0).ref()
                        + " needs a threshold: its step declares none and its card records no "
                        + ModelCard.BEST_THRESHOLD);
            }
            this.decoder = new CharacterDecoder(threshold,
                    firstStep.maxOverlap() != null ? firstStep.maxOverlap() : DEFAULT_MAX_OVERLAP);
        } else if (first.task().equals(ModelCard.READS_DIGITS) && spec.steps().size() == 1) {
            this.decoder = null;
        } else {
            throw new IllegalArgumentException("pipeline " + name + ": its first step must be a detector of"
                    + " characters, or the only step a reader of whole photos; " + models.get(0).ref() + " is a "
                    + first.task() + " model");
        }
        if (spec.steps().size() > 1) {
            ModelCard reader = models.get(1).card();
            PipelineStep step = spec.steps().get(1);
            if (!reader.task().equals(ModelCard.READS_CHARACTERS) || step.margin() == null) {
                throw new IllegalArgumentException("pipeline " + name + ": after a detector only a character reader"
                        + " with a margin can run; " + models.get(1).ref() + " is a " + reader.task() + " model"
                        + (step.margin() == null ? " and its step declares no margin" : ""));
            }
            this.margin = step.margin();
            this.cropPreprocessor = new ImagePreprocessor(reader.preprocessing());
        } else {
            this.margin = 0;
            this.cropPreprocessor = null;
        }
    }

    /** How the whole photo becomes the first model's input. */
    public ImagePreprocessor input() {
        return input;
    }

    /** Whether {@link #read} needs the decoded photos besides the first model's inputs (to crop characters). */
    public boolean needsImages() {
        return cropPreprocessor != null;
    }

    /** The model versions that run, in order: what a result names. */
    public List<ModelRef> refs() {
        return models.stream().map(StepModel::ref).toList();
    }

    /**
     * Reads {@code count} photos.
     *
     * @param inputs the first model's inputs, one after another, as {@link #input()} prepares them
     * @param images the decoded photos, in the same order (only when {@link #needsImages()})
     */
    public List<DigitReading> read(float[] inputs, BufferedImage[] images, int count) throws Exception {
        float[][] outputs = models.get(0).run(inputs, count);
        if (decoder == null) {
            return readNumbers(models.get(0).card().labels(), outputs, count);
        }
        List<Detection> detections = detect(outputs, count);
        if (cropPreprocessor != null) {
            detections = readAgain(detections, images);
        }
        return detections.stream().map(Detection::reading).toList();
    }

    private static List<DigitReading> readNumbers(LabelSchema labels, float[][] outputs, int count) {
        DigitSequenceDecoder reader = new DigitSequenceDecoder(labels);
        List<DigitReading> readings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            float[][] probabilities = new float[labels.positions()][labels.classes()];
            for (int p = 0; p < labels.positions(); p++) {
                System.arraycopy(outputs[p], i * labels.classes(), probabilities[p], 0, labels.classes());
            }
            readings.add(reader.decode(probabilities));
        }
        return readings;
    }

    private List<Detection> detect(float[][] outputs, int count) {
        PreprocessingSpec spec = input.spec();
        int height = spec.height() / CharacterMaps.STRIDE;
        int width = spec.width() / CharacterMaps.STRIDE;
        int cells = height * width;
        if (outputs[0].length != count * CharacterMaps.CLASSES * cells
                || outputs[1].length != count * CharacterMaps.SIZES * cells) {
            throw new IllegalStateException("detector " + models.get(0).ref() + " answered maps of another size than "
                    + height + "x" + width + " for a " + spec.height() + "x" + spec.width() + " input");
        }
        List<Detection> detections = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            detections.add(decoder.detect(new CharacterMaps(outputs[0], i * CharacterMaps.CLASSES * cells,
                    outputs[1], i * CharacterMaps.SIZES * cells, height, width)));
        }
        return detections;
    }

    /** Every character found, cropped from its photo and read by the character reader, all in one run. */
    private List<Detection> readAgain(List<Detection> detections, BufferedImage[] images) throws Exception {
        int crops = detections.stream().mapToInt(d -> d.characters().size()).sum();
        if (crops == 0) {
            return detections;
        }
        int size = cropPreprocessor.spec().tensorSize();
        float[] batch = new float[crops * size];
        int crop = 0;
        for (int i = 0; i < detections.size(); i++) {
            BufferedImage image = images[i];
            for (DetectedCharacter character : detections.get(i).characters()) {
                double width = (character.right() - character.left()) * image.getWidth();
                double height = (character.bottom() - character.top()) * image.getHeight();
                double centreY = (character.top() + character.bottom()) / 2 * image.getHeight();
                cropPreprocessor.write(image, DigitRegion.square(character.centreX() * image.getWidth(), centreY,
                        width, height, margin), batch, crop++ * size);
            }
        }
        float[] probabilities = models.get(1).run(batch, crops)[0];
        int classes = models.get(1).card().labels().classes();
        List<Detection> read = new ArrayList<>(detections.size());
        crop = 0;
        for (Detection detection : detections) {
            int n = detection.characters().size();
            int[] digits = new int[n];
            double[] digitProbabilities = new double[n];
            for (int c = 0; c < n; c++, crop++) {
                int best = 0;
                for (int d = 1; d < LabelSchema.DIGIT_CLASSES; d++) {
                    if (probabilities[crop * classes + d] > probabilities[crop * classes + best]) {
                        best = d;
                    }
                }
                digits[c] = best;
                float p = probabilities[crop * classes + best];
                digitProbabilities[c] = Float.isNaN(p) ? 0 : Math.min(1, Math.max(0, p));
            }
            read.add(detection.readAs(digits, digitProbabilities));
        }
        return read;
    }
}
