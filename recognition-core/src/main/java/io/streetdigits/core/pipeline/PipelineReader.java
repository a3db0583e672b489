package io.streetdigits.core.pipeline;

import io.streetdigits.core.contract.DigitReading;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.detection.CharacterDecoder;
import io.streetdigits.core.detection.CharacterMaps;
import io.streetdigits.core.detection.DetectedCharacter;
import io.streetdigits.core.detection.Detection;
import io.streetdigits.core.image.CropRegion;
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
 * the trainer's evaluation alike. What a step does follows from its model's task and its place:
 * <ul>
 *   <li>first, a detector finds the characters in the whole photo ({@link CharacterDecoder}, with the step's
 *       threshold and overlap), or a reader of whole photos reads the number alone;</li>
 *   <li>a later detector looks again, closer: in a crop around the characters found so far, widened by the step's
 *       margin (a fraction of their height) and at least as wide as the detector's input is in proportion, so a
 *       small number in a wide photo fills the detector's view as the numbers it learnt from did; what it finds
 *       there replaces the first look's characters, unless it finds none;</li>
 *   <li>a character reader reads each character found again, in a square around its box widened by its margin.</li>
 * </ul>
 * Each model runs once per batch, over all of its inputs. A reading's confidence is its characters' and the peaks'
 * left out ({@link Detection#reading()}), turned into the probability of being right by the declared
 * {@link Calibration}.
 */
public final class PipelineReader {

    /** The overlap a detector step allows when its declaration names none. */
    public static final double DEFAULT_MAX_OVERLAP = 0.5;

    /** One declared step, ready to run over a batch's detections so far. */
    private interface Step {
        List<Detection> apply(List<Detection> detections, BufferedImage[] images, StepListener listener)
                throws Exception;
    }

    /**
     * Told how long each step's model ran on a batch: where a reading's time goes, model by model (the rest of
     * {@link #read} is preparing crops and decoding outputs between them).
     */
    @FunctionalInterface
    public interface StepListener {

        StepListener NONE = (step, model, inputs, nanos) -> { };

        /** @param step the step's place in the declaration, from 0 */
        void ran(int step, ModelRef model, int inputs, long nanos);
    }

    private final List<StepModel> models;
    private final ImagePreprocessor input;
    private final CharacterDecoder firstDecoder;
    private final List<Step> later = new ArrayList<>();
    private final Calibration calibration;

    /**
     * @param name   the pipeline's name, for messages
     * @param models the serving version of each step's model, in order
     * @throws IllegalArgumentException when the models cannot run as declared: a step's model has another task than
     *                                  its place allows, or a setting it needs is missing
     */
    public PipelineReader(String name, PipelineSpec spec, List<StepModel> models) {
        this.models = List.copyOf(models);
        this.calibration = spec.calibration();
        if (models.size() != spec.steps().size()) {
            throw new IllegalArgumentException("pipeline " + name + " has " + spec.steps().size() + " steps but "
                    + models.size() + " models");
        }
        ModelCard first = models.get(0).card();
        this.input = new ImagePreprocessor(first.preprocessing());
        if (first.task().equals(ModelCard.DETECTS_CHARACTERS)) {
            this.firstDecoder = decoder(name, spec.steps().get(0), models.get(0));
        } else if (first.task().equals(ModelCard.READS_DIGITS) && spec.steps().size() == 1) {
            this.firstDecoder = null;
        } else {
            throw new IllegalArgumentException("pipeline " + name + ": its first step must be a detector of"
                    + " characters, or the only step a reader of whole photos; " + models.get(0).ref() + " is a "
                    + first.task() + " model");
        }
        for (int s = 1; s < spec.steps().size(); s++) {
            PipelineStep step = spec.steps().get(s);
            StepModel model = models.get(s);
            String task = model.card().task();
            boolean detects = task.equals(ModelCard.DETECTS_CHARACTERS);
            if (!(detects || task.equals(ModelCard.READS_CHARACTERS)) || step.margin() == null) {
                throw new IllegalArgumentException("pipeline " + name + ": after a detector only a detector looking"
                        + " closer or a character reader can run, each with a margin; " + model.ref() + " is a "
                        + task + " model" + (step.margin() == null ? " and its step declares no margin" : ""));
            }
            ImagePreprocessor crops = new ImagePreprocessor(model.card().preprocessing());
            later.add(detects ? new CloserLook(s, model, crops, decoder(name, step, model), step.margin())
                    : new Reread(s, model, crops, step.margin()));
        }
    }

    private static CharacterDecoder decoder(String name, PipelineStep step, StepModel model) {
        double threshold = step.threshold() != null ? step.threshold()
                : model.card().metrics().getOrDefault(ModelCard.BEST_THRESHOLD, Double.NaN);
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("pipeline " + name + ": detector " + model.ref() + " needs a"
                    + " threshold: its step declares none and its card records no " + ModelCard.BEST_THRESHOLD);
        }
        return new CharacterDecoder(threshold, step.maxOverlap() != null ? step.maxOverlap() : DEFAULT_MAX_OVERLAP);
    }

    /** How the whole photo becomes the first model's input. */
    public ImagePreprocessor input() {
        return input;
    }

    /** Whether {@link #read} needs the decoded photos besides the first model's inputs (to crop from them). */
    public boolean needsImages() {
        return !later.isEmpty();
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
        return read(inputs, images, count, StepListener.NONE);
    }

    /** As {@link #read(float[], BufferedImage[], int)}, telling the listener each step's model time. */
    public List<DigitReading> read(float[] inputs, BufferedImage[] images, int count, StepListener listener)
            throws Exception {
        float[][] outputs = run(0, models.get(0), inputs, count, listener);
        List<DigitReading> readings;
        if (firstDecoder == null) {
            readings = readNumbers(models.get(0).card().labels(), outputs, count);
        } else {
            List<Detection> detections = detect(models.get(0), firstDecoder, outputs, count);
            for (Step step : later) {
                detections = step.apply(detections, images, listener);
            }
            readings = detections.stream().map(Detection::reading).toList();
        }
        return calibration == null ? readings : readings.stream().map(reading -> new DigitReading(reading.digits(),
                calibration.apply(reading.confidence()), reading.positions())).toList();
    }

    private static float[][] run(int step, StepModel model, float[] batch, int count, StepListener listener)
            throws Exception {
        long start = System.nanoTime();
        float[][] outputs = model.run(batch, count);
        listener.ran(step, model.ref(), count, System.nanoTime() - start);
        return outputs;
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

    /** Each input's characters, their boxes as fractions of what the detector saw. */
    private static List<Detection> detect(StepModel detector, CharacterDecoder decoder, float[][] outputs,
            int count) {
        PreprocessingSpec spec = detector.card().preprocessing();
        int height = spec.height() / CharacterMaps.STRIDE;
        int width = spec.width() / CharacterMaps.STRIDE;
        int cells = height * width;
        if (outputs[0].length != count * CharacterMaps.CLASSES * cells
                || outputs[1].length != count * CharacterMaps.SIZES * cells) {
            throw new IllegalStateException("detector " + detector.ref() + " answered maps of another size than "
                    + height + "x" + width + " for a " + spec.height() + "x" + spec.width() + " input");
        }
        List<Detection> detections = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            detections.add(decoder.detect(new CharacterMaps(outputs[0], i * CharacterMaps.CLASSES * cells,
                    outputs[1], i * CharacterMaps.SIZES * cells, height, width)));
        }
        return detections;
    }

    /** A detector looking again at the crop around the characters found so far (class comment). */
    private record CloserLook(int index, StepModel detector, ImagePreprocessor preprocessor,
            CharacterDecoder decoder, double margin) implements Step {

        @Override
        public List<Detection> apply(List<Detection> detections, BufferedImage[] images, StepListener listener)
                throws Exception {
            PreprocessingSpec spec = preprocessor.spec();
            int size = spec.tensorSize();
            List<Integer> looked = new ArrayList<>();
            List<CropRegion> crops = new ArrayList<>();
            for (int i = 0; i < detections.size(); i++) {
                if (!detections.get(i).characters().isEmpty()) {
                    looked.add(i);
                    crops.add(crop(detections.get(i), images[i], (double) spec.width() / spec.height()));
                }
            }
            if (looked.isEmpty()) {
                return detections;
            }
            float[] batch = new float[looked.size() * size];
            for (int c = 0; c < looked.size(); c++) {
                preprocessor.write(images[looked.get(c)], crops.get(c), batch, c * size);
            }
            List<Detection> closer = detect(detector, decoder, run(index, detector, batch, looked.size(), listener),
                    looked.size());
            List<Detection> result = new ArrayList<>(detections);
            for (int c = 0; c < looked.size(); c++) {
                if (!closer.get(c).characters().isEmpty()) {
                    BufferedImage image = images[looked.get(c)];
                    result.set(looked.get(c), inPhoto(closer.get(c), crops.get(c), image.getWidth(),
                            image.getHeight()));
                }
            }
            return result;
        }

        /** The characters' box widened by the margin, and widened further to the detector's proportions. */
        private CropRegion crop(Detection detection, BufferedImage image, double aspect) {
            double left = Double.MAX_VALUE;
            double top = Double.MAX_VALUE;
            double right = -Double.MAX_VALUE;
            double bottom = -Double.MAX_VALUE;
            for (DetectedCharacter character : detection.characters()) {
                left = Math.min(left, character.left() * image.getWidth());
                top = Math.min(top, character.top() * image.getHeight());
                right = Math.max(right, character.right() * image.getWidth());
                bottom = Math.max(bottom, character.bottom() * image.getHeight());
            }
            CropRegion around = DigitRegion.around(left, top, right, bottom, margin);
            double width = Math.max(around.width(), around.height() * aspect);
            return new CropRegion(around.left() + (around.width() - width) / 2, around.top(), width, around.height());
        }

        /** Boxes found as fractions of a crop, as fractions of the whole photo. */
        private static Detection inPhoto(Detection detection, CropRegion crop, int width, int height) {
            List<DetectedCharacter> characters = new ArrayList<>(detection.characters().size());
            for (DetectedCharacter c : detection.characters()) {
                characters.add(new DetectedCharacter(c.digit(), c.probability(), c.presence(),
                        (crop.left() + c.left() * crop.width()) / width, (crop.top() + c.top() * crop.height()) / height,
                        (crop.left() + c.right() * crop.width()) / width,
                        (crop.top() + c.bottom() * crop.height()) / height));
            }
            return new Detection(characters, detection.noneMissed());
        }
    }

    /** A character reader reading every character found again, all in one run. */
    private record Reread(int index, StepModel reader, ImagePreprocessor preprocessor, double margin)
            implements Step {

        @Override
        public List<Detection> apply(List<Detection> detections, BufferedImage[] images, StepListener listener)
                throws Exception {
            int crops = detections.stream().mapToInt(d -> d.characters().size()).sum();
            if (crops == 0) {
                return detections;
            }
            int size = preprocessor.spec().tensorSize();
            float[] batch = new float[crops * size];
            int crop = 0;
            for (int i = 0; i < detections.size(); i++) {
                BufferedImage image = images[i];
                for (DetectedCharacter character : detections.get(i).characters()) {
                    double width = (character.right() - character.left()) * image.getWidth();
                    double height = (character.bottom() - character.top()) * image.getHeight();
                    double centreY = (character.top() + character.bottom()) / 2 * image.getHeight();
                    preprocessor.write(image, DigitRegion.square(character.centreX() * image.getWidth(), centreY,
                            width, height, margin), batch, crop++ * size);
                }
            }
            float[] probabilities = run(index, reader, batch, crops, listener)[0];
            int classes = reader.card().labels().classes();
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
}
