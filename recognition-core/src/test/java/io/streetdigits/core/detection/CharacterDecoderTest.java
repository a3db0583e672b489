package io.streetdigits.core.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streetdigits.core.contract.DigitReading;
import io.streetdigits.core.contract.PositionPrediction;
import org.junit.jupiter.api.Test;

class CharacterDecoderTest {

    private final CharacterDecoder decoder = new CharacterDecoder(0.5, 0.5);

    @Test
    void separatedPeaksReadAsTheirDigitsLeftToRight() {
        CharacterMaps maps = new HandDrawnMaps(4, 16)
                .character(1, 7, 7, 0.95, 0.9, 0.2, 0.75)
                .character(2, 3, 3, 0.8, 1.0, 0.2, 0.75)
                .maps();

        Detection detection = decoder.detect(maps);
        DigitReading reading = detection.reading();

        assertThat(reading.digits()).isEqualTo("37");
        assertThat(reading.positions()).extracting(PositionPrediction::digit).containsExactly(3, 7);
        assertThat(reading.positions().get(0).confidence()).isCloseTo(0.8, within(1e-6));
        assertThat(reading.positions().get(1).confidence()).isCloseTo(0.95 * 0.9, within(1e-6));
        assertThat(reading.confidence()).isCloseTo(0.8 * 0.95 * 0.9, within(1e-6));
        DetectedCharacter three = detection.characters().get(0);
        assertThat(three.left()).isCloseTo(3.5 / 16 - 0.1, within(1e-6));
        assertThat(three.right()).isCloseTo(3.5 / 16 + 0.1, within(1e-6));
        assertThat(three.top()).isCloseTo(2.5 / 4 - 0.375, within(1e-6));
        assertThat(three.bottom()).isCloseTo(2.5 / 4 + 0.375, within(1e-6));
    }

    @Test
    void aPeakUnderTheThresholdIsLeftOutButMakesTheNumberDoubtful() {
        CharacterMaps maps = new HandDrawnMaps(4, 16)
                .character(1, 2, 1, 0.9, 1.0, 0.1, 0.5)
                .character(1, 10, 2, 0.3, 1.0, 0.1, 0.5)
                .maps();

        Detection detection = decoder.detect(maps);

        assertThat(detection.reading().digits()).isEqualTo("1");
        assertThat(detection.noneMissed()).isCloseTo(1 - 0.3, within(1e-6));
        assertThat(detection.reading().confidence()).isCloseTo(0.9 * (1 - 0.3), within(1e-6));
    }

    @Test
    void aPeakOfNoiseNeitherCountsNorCostsConfidence() {
        CharacterMaps maps = new HandDrawnMaps(4, 16)
                .character(1, 2, 1, 0.9, 1.0, 0.1, 0.5)
                .character(1, 10, 2, 0.04, 1.0, 0.1, 0.5)
                .maps();

        DigitReading reading = decoder.read(maps);

        assertThat(reading.digits()).isEqualTo("1");
        assertThat(reading.confidence()).isCloseTo(0.9, within(1e-6));
    }

    @Test
    void ofTwoBoxesOverlappingMoreThanAllowedOnlyTheStrongerIsKept() {
        // Boxes half the input wide, centres an eighth apart: intersection over union 0.6.
        HandDrawnMaps overlapping = new HandDrawnMaps(4, 16)
                .character(1, 4, 5, 0.9, 1.0, 0.5, 0.5)
                .character(1, 6, 6, 0.7, 1.0, 0.5, 0.5);

        DigitReading strict = decoder.read(overlapping.maps());
        DigitReading lenient = new CharacterDecoder(0.5, 0.7).read(overlapping.maps());

        assertThat(strict.digits()).isEqualTo("5");
        assertThat(strict.confidence()).isCloseTo(0.9, within(1e-6));
        assertThat(lenient.digits()).isEqualTo("56");
    }

    @Test
    void aFlatTopIsOneCharacter() {
        CharacterMaps maps = new HandDrawnMaps(4, 16)
                .character(1, 5, 4, 0.8, 1.0, 0.1, 0.5)
                .character(1, 6, 4, 0.8, 1.0, 0.1, 0.5)
                .maps();

        assertThat(decoder.read(maps).digits()).isEqualTo("4");
    }

    /** A character standing apart from the number (a gap wider than its height), another number's, is left out. */
    @Test
    void onlyTheRowOfCharactersThatHoldsTheNumberIsRead() {
        CharacterMaps maps = new HandDrawnMaps(4, 32)
                .character(1, 4, 2, 0.9, 1.0, 0.1, 0.75)
                .character(1, 7, 5, 0.9, 1.0, 0.1, 0.75)
                .character(1, 26, 8, 0.95, 1.0, 0.1, 0.75)
                .maps();

        assertThat(decoder.read(maps).digits()).isEqualTo("25");
    }

    /** A narrow "1" found twice two cells apart overlaps its twin too little for the boxes to tell: one character. */
    @Test
    void aCharacterFoundTwiceSideBySideIsReadOnce() {
        CharacterMaps maps = new HandDrawnMaps(16, 32)
                .character(8, 10, 1, 0.9, 1.0, 0.03, 0.75)
                .character(8, 12, 1, 0.7, 1.0, 0.03, 0.75)
                .character(8, 16, 0, 0.9, 1.0, 0.15, 0.75)
                .maps();

        assertThat(decoder.read(maps).digits()).isEqualTo("10");
    }

    @Test
    void atMostSixCharactersAreReadTheStrongestAndTheRestCostConfidence() {
        double[] presences = {0.9, 0.95, 0.6, 0.85, 0.8, 0.65, 0.99, 0.9};
        HandDrawnMaps eight = new HandDrawnMaps(8, 32);
        for (int k = 0; k < presences.length; k++) {
            eight.character(4, 1 + 4 * k, k, presences[k], 1.0, 0.1, 1.0);
        }

        Detection detection = decoder.detect(eight.maps());

        assertThat(detection.characters()).hasSize(CharacterDecoder.MAX_CHARACTERS);
        assertThat(detection.reading().digits()).isEqualTo("013467");
        assertThat(detection.noneMissed()).isCloseTo((1 - 0.6) * (1 - 0.65), within(1e-6));
        assertThat(detection.reading().confidence())
                .isCloseTo(0.9 * 0.95 * 0.85 * 0.8 * 0.99 * 0.9 * (1 - 0.6) * (1 - 0.65), within(1e-6));
    }

    @Test
    void mapsOfNaNReadAsNothingWithNoConfidence() {
        Detection detection = decoder.detect(HandDrawnMaps.diverged(4, 16).maps());

        assertThat(detection.characters()).isEmpty();
        assertThat(detection.reading().digits()).isEmpty();
        assertThat(detection.reading().positions()).isEmpty();
        assertThat(detection.reading().confidence()).isZero();
    }

    @Test
    void aThresholdThatWouldCountNoiseIsRefused() {
        assertThatThrownBy(() -> new CharacterDecoder(0.01, 0.5))
                .hasMessageContaining("the score threshold must be in (0.05, 1), was 0.01");
        assertThatThrownBy(() -> new CharacterDecoder(0.5, 1.5))
                .hasMessageContaining("the largest overlap must be in [0, 1], was 1.5");
    }
}
