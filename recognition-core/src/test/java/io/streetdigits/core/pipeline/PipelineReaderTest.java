package io.streetdigits.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streetdigits.core.contract.DigitReading;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.detection.CharacterMaps;
import io.streetdigits.core.detection.HandDrawnMaps;
import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.label.LabelSchema;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.model.TensorSpec;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class PipelineReaderTest {

    /** The detector's input, 32x16, gives maps of 8x4 cells. */
    private static final PreprocessingSpec DETECTOR_INPUT = PreprocessingSpec.centred(32, 16);
    private static final PreprocessingSpec CROP_INPUT = PreprocessingSpec.centred(8, 8);
    private static final PipelineStep DETECT = new PipelineStep("digit-detector", null, null, null);
    private static final PipelineStep READ_AGAIN = new PipelineStep("character-reader", null, null, 0.2);

    @Test
    void aDetectorAloneReadsTheCharactersItFinds() throws Exception {
        FakeModel detector = detector(Map.of(ModelCard.BEST_THRESHOLD, 0.5), count -> HandDrawnMaps.batch(
                new HandDrawnMaps(4, 8).character(1, 1, 4, 0.9, 1.0, 0.25, 1.0).character(2, 5, 2, 0.8, 1.0, 0.25, 1.0),
                new HandDrawnMaps(4, 8)));
        PipelineReader reader = new PipelineReader("find", new PipelineSpec("find", List.of(DETECT), null), List.of(detector));

        List<DigitReading> readings = reader.read(new float[2 * DETECTOR_INPUT.tensorSize()], null, 2);

        assertThat(readings).extracting(DigitReading::digits).containsExactly("42", "");
        assertThat(readings.get(0).confidence()).isCloseTo(0.9 * 0.8, within(1e-6));
        assertThat(detector.counts()).containsExactly(2);
        assertThat(reader.needsImages()).isFalse();
        assertThat(reader.input().spec()).isEqualTo(DETECTOR_INPUT);
        assertThat(reader.refs()).containsExactly(new ModelRef("digit-detector", 1));
    }

    @Test
    void aStepsThresholdOverridesTheOneItsDetectorsCardRecords() throws Exception {
        FakeModel detector = detector(Map.of(ModelCard.BEST_THRESHOLD, 0.5), count -> HandDrawnMaps.batch(
                new HandDrawnMaps(4, 8).character(1, 1, 1, 0.6, 1.0, 0.25, 1.0).character(1, 5, 2, 0.8, 1.0, 0.25, 1.0)));
        PipelineSpec cardsThreshold = new PipelineSpec("find", List.of(DETECT), null);
        PipelineSpec stricter = new PipelineSpec("find", List.of(new PipelineStep("digit-detector", 0.7, null, null)), null);
        float[] input = new float[DETECTOR_INPUT.tensorSize()];

        assertThat(new PipelineReader("find", cardsThreshold, List.of(detector)).read(input, null, 1).get(0).digits())
                .isEqualTo("12");
        assertThat(new PipelineReader("find", stricter, List.of(detector)).read(input, null, 1).get(0).digits())
                .isEqualTo("2");
    }

    @Test
    void aCharacterReaderReadsEveryCharacterFoundAgainInOneRunOfItsCrops() throws Exception {
        FakeModel detector = detector(Map.of(ModelCard.BEST_THRESHOLD, 0.5), count -> HandDrawnMaps.batch(
                new HandDrawnMaps(4, 8).character(1, 1, 1, 0.9, 1.0, 0.25, 1.0).character(1, 5, 1, 0.9, 1.0, 0.25, 1.0),
                new HandDrawnMaps(4, 8).character(2, 3, 1, 0.8, 1.0, 0.25, 1.0)));
        List<Integer> batchLengths = new ArrayList<>();
        FakeModel characters = characterReader((batch, count) -> {
            batchLengths.add(batch.length);
            return new float[][] {concat(oneHot(9, 0.8f), oneHot(8, 0.7f), oneHot(5, 0.6f))};
        });
        PipelineReader reader = new PipelineReader("house-number",
                new PipelineSpec("find, then read again", List.of(DETECT, READ_AGAIN), null), List.of(detector, characters));

        List<DigitReading> readings = reader.read(new float[2 * DETECTOR_INPUT.tensorSize()],
                new BufferedImage[] {photo(), photo()}, 2);

        assertThat(characters.counts()).containsExactly(3);
        assertThat(batchLengths).containsExactly(3 * CROP_INPUT.tensorSize());
        assertThat(readings).extracting(DigitReading::digits).containsExactly("98", "5");
        assertThat(readings.get(0).confidence()).isCloseTo(0.9 * 0.8 * 0.9 * 0.7, within(1e-6));
        assertThat(readings.get(1).confidence()).isCloseTo(0.8 * 0.6, within(1e-6));
        assertThat(reader.needsImages()).isTrue();
        assertThat(reader.refs()).containsExactly(new ModelRef("digit-detector", 1),
                new ModelRef("character-reader", 3));
    }

    @Test
    void theListenerIsToldEachStepsModelRunWithItsPlaceModelAndInputs() throws Exception {
        FakeModel detector = detector(Map.of(ModelCard.BEST_THRESHOLD, 0.5), count -> HandDrawnMaps.batch(
                new HandDrawnMaps(4, 8).character(1, 1, 1, 0.9, 1.0, 0.25, 1.0).character(1, 5, 1, 0.9, 1.0, 0.25, 1.0),
                new HandDrawnMaps(4, 8)));
        FakeModel characters = characterReader((batch, count) -> new float[][] {concat(oneHot(9, 0.8f),
                oneHot(8, 0.7f))});
        PipelineReader reader = new PipelineReader("house-number",
                new PipelineSpec("find, then read again", List.of(DETECT, READ_AGAIN), null), List.of(detector, characters));
        List<String> told = new ArrayList<>();

        reader.read(new float[2 * DETECTOR_INPUT.tensorSize()], new BufferedImage[] {photo(), photo()}, 2,
                (step, model, inputs, nanos) -> {
                    assertThat(nanos).isNotNegative();
                    told.add(step + " " + model + " " + inputs);
                });

        // The second photo has no characters: the reader runs on the first one's two.
        assertThat(told).containsExactly("0 digit-detector/1 2", "1 character-reader/3 2");
    }

    @Test
    void photosWithoutCharactersAreNotCroppedForTheCharacterReader() throws Exception {
        FakeModel detector = detector(Map.of(ModelCard.BEST_THRESHOLD, 0.5),
                count -> HandDrawnMaps.batch(new HandDrawnMaps(4, 8)));
        FakeModel characters = characterReader((batch, count) -> {
            throw new AssertionError("the character reader ran on " + count + " crops");
        });
        PipelineReader reader = new PipelineReader("house-number",
                new PipelineSpec("find, then read again", List.of(DETECT, READ_AGAIN), null), List.of(detector, characters));

        List<DigitReading> readings = reader.read(new float[DETECTOR_INPUT.tensorSize()],
                new BufferedImage[] {photo()}, 1);

        assertThat(readings).extracting(DigitReading::digits).containsExactly("");
        assertThat(characters.counts()).isEmpty();
    }

    @Test
    void aReaderOfWholePhotosReadsAlone() throws Exception {
        FakeModel numbers = new FakeModel(new ModelRef("digit-cnn", 2), new ModelCard("digit-cnn", 2, "digit-cnn",
                ModelCard.READS_DIGITS, new TensorSpec("image", List.of(-1L, 3L, 16L, 32L)),
                List.of("position_0", "position_1"), DETECTOR_INPUT, LabelSchema.of(2), null, Map.of(), 1, null, null, null,
                null), (batch, count) -> new float[][] {oneHot(3, 0.9f), oneHot(LabelSchema.BLANK, 0.8f)});
        PipelineReader reader = new PipelineReader("digit-cnn", PipelineSpec.of("digit-cnn"), List.of(numbers));

        DigitReading reading = reader.read(new float[DETECTOR_INPUT.tensorSize()], null, 1).get(0);

        assertThat(reading.digits()).isEqualTo("3");
        assertThat(reader.needsImages()).isFalse();
        assertThat(reader.refs()).containsExactly(new ModelRef("digit-cnn", 2));
    }

    @Test
    void aCharacterReaderCannotRunFirst() {
        FakeModel characters = characterReader((batch, count) -> new float[0][]);

        assertThatThrownBy(() -> new PipelineReader("house-number",
                new PipelineSpec("read", List.of(READ_AGAIN), null), List.of(characters)))
                .hasMessageContaining("pipeline house-number: its first step must be a detector of characters, or the"
                        + " only step a reader of whole photos; character-reader/3 is a read-characters model");
    }

    @Test
    void aDetectorNeedsAThresholdFromItsStepOrItsCard() {
        FakeModel detector = detector(Map.of(), count -> new float[0][]);

        assertThatThrownBy(() -> new PipelineReader("house-number", new PipelineSpec("find", List.of(DETECT), null),
                List.of(detector)))
                .hasMessageContaining("pipeline house-number: detector digit-detector/1 needs a threshold: its step"
                        + " declares none and its card records no bestThreshold");
    }

    @Test
    void afterADetectorOnlyADetectorOrACharacterReaderWithAMarginCanRun() {
        FakeModel detector = detector(Map.of(ModelCard.BEST_THRESHOLD, 0.5), count -> new float[0][]);
        FakeModel characters = characterReader((batch, count) -> new float[0][]);
        PipelineStep noMargin = PipelineStep.of("character-reader");

        assertThatThrownBy(() -> new PipelineReader("house-number",
                new PipelineSpec("find twice", List.of(DETECT, DETECT), null), List.of(detector, detector)))
                .hasMessageContaining("after a detector only a detector looking closer or a character reader can"
                        + " run, each with a margin; digit-detector/1 is a detect-characters model and its step"
                        + " declares no margin");
        assertThatThrownBy(() -> new PipelineReader("house-number",
                new PipelineSpec("find, then read again", List.of(DETECT, noMargin), null),
                List.of(detector, characters)))
                .hasMessageContaining("character-reader/3 is a read-characters model and its step declares no margin");
    }

    /**
     * A second detector step looks again at a crop around what the first found, and its characters replace the
     * first look's, their boxes back in the whole photo's fractions; a photo where the first look found nothing is
     * not looked at again.
     */
    @Test
    void aDetectorLooksAgainCloserAtTheCharactersTheFirstLookFound() throws Exception {
        List<Integer> looks = new ArrayList<>();
        FakeModel detector = new FakeModel(new ModelRef("digit-detector", 1), detector(Map.of(ModelCard.BEST_THRESHOLD,
                0.5), count -> null).card(), (batch, count) -> {
                    looks.add(count);
                    return looks.size() == 1
                            ? HandDrawnMaps.batch(new HandDrawnMaps(4, 8).character(1, 6, 7, 0.7, 1.0, 0.1, 0.2),
                                    new HandDrawnMaps(4, 8))
                            : HandDrawnMaps.batch(new HandDrawnMaps(4, 8).character(1, 2, 1, 0.9, 1.0, 0.2, 0.8)
                                    .character(1, 5, 7, 0.95, 1.0, 0.2, 0.8));
                });
        PipelineStep closer = new PipelineStep("digit-detector", 0.5, null, 0.3);
        PipelineReader reader = new PipelineReader("house-number",
                new PipelineSpec("find, then look closer", List.of(DETECT, closer), null), List.of(detector, detector));

        List<DigitReading> readings = reader.read(new float[2 * DETECTOR_INPUT.tensorSize()],
                new BufferedImage[] {photo(), photo()}, 2);

        assertThat(looks).containsExactly(2, 1);
        assertThat(readings).extracting(DigitReading::digits).containsExactly("17", "");
        assertThat(readings.get(0).confidence()).isCloseTo(0.9 * 0.95, within(1e-6));
        assertThat(reader.needsImages()).isTrue();
    }

    @Test
    void aDeclaredCalibrationTurnsTheRawConfidenceIntoItsProbability() throws Exception {
        FakeModel detector = detector(Map.of(ModelCard.BEST_THRESHOLD, 0.5), count -> HandDrawnMaps.batch(
                new HandDrawnMaps(4, 8).character(1, 1, 4, 0.6, 1.0, 0.25, 1.0)));
        Calibration calibration = new Calibration(2, 1);
        PipelineReader reader = new PipelineReader("find", new PipelineSpec("find", List.of(DETECT), calibration),
                List.of(detector));

        DigitReading reading = reader.read(new float[DETECTOR_INPUT.tensorSize()], null, 1).get(0);

        assertThat(reading.digits()).isEqualTo("4");
        // 0.6 travels as a float through the maps.
        assertThat(reading.confidence()).isCloseTo(calibration.apply(0.6), within(1e-6))
                .isCloseTo(1 / (1 + Math.exp(-(2 * Math.log(0.6) + 1))), within(1e-6));
    }

    @Test
    void everyStepNeedsItsModel() {
        FakeModel detector = detector(Map.of(ModelCard.BEST_THRESHOLD, 0.5), count -> new float[0][]);

        assertThatThrownBy(() -> new PipelineReader("house-number",
                new PipelineSpec("find, then read again", List.of(DETECT, READ_AGAIN), null), List.of(detector)))
                .hasMessageContaining("pipeline house-number has 2 steps but 1 models");
    }

    private static FakeModel detector(Map<String, Double> metrics, IntFunction<float[][]> maps) {
        ModelCard card = new ModelCard("digit-detector", 1, "character-detector", ModelCard.DETECTS_CHARACTERS,
                new TensorSpec("image", List.of(-1L, 3L, 16L, 32L)),
                List.of(CharacterMaps.CLASS_OUTPUT, CharacterMaps.SIZE_OUTPUT), DETECTOR_INPUT, null, null, metrics, 1, null,
                null, null, null);
        return new FakeModel(new ModelRef("digit-detector", 1), card, (batch, count) -> maps.apply(count));
    }

    private static FakeModel characterReader(FakeModel.Answer answer) {
        ModelCard card = new ModelCard("character-reader", 3, "character-reader", ModelCard.READS_CHARACTERS,
                new TensorSpec("image", List.of(-1L, 3L, 8L, 8L)), List.of("digit"), CROP_INPUT, LabelSchema.of(1),
                null, Map.of(), 1, null, null, null, null);
        return new FakeModel(new ModelRef("character-reader", 3), card, answer);
    }

    private static BufferedImage photo() {
        return new BufferedImage(64, 32, BufferedImage.TYPE_INT_RGB);
    }

    /** One softmax over the 11 classes: {@code p} on {@code digit}, the rest spread evenly. */
    private static float[] oneHot(int digit, float p) {
        float[] probabilities = new float[LabelSchema.DIGIT_CLASSES + 1];
        Arrays.fill(probabilities, (1 - p) / LabelSchema.DIGIT_CLASSES);
        probabilities[digit] = p;
        return probabilities;
    }

    private static float[] concat(float[]... parts) {
        float[] all = new float[parts.length * parts[0].length];
        for (int i = 0; i < parts.length; i++) {
            System.arraycopy(parts[i], 0, all, i * parts[0].length, parts[0].length);
        }
        return all;
    }

    /** A step's model that answers what its test says and remembers how many inputs each run was given. */
    private record FakeModel(ModelRef ref, ModelCard card, Answer answer, List<Integer> counts) implements StepModel {

        interface Answer {
            float[][] answer(float[] batch, int count);
        }

        FakeModel(ModelRef ref, ModelCard card, Answer answer) {
            this(ref, card, answer, new ArrayList<>());
        }

        @Override
        public float[][] run(float[] batch, int count) {
            counts.add(count);
            return answer.answer(batch, count);
        }
    }
}
