package io.streetdigits.core.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streetdigits.core.contract.DigitReading;
import io.streetdigits.core.contract.PositionPrediction;
import org.junit.jupiter.api.Test;

class DigitSequenceDecoderTest {

    private final DigitSequenceDecoder decoder = new DigitSequenceDecoder(LabelSchema.of(3));

    @Test
    void readsTheMostProbableClassOfEachPosition() {
        DigitReading reading = decoder.decode(new float[][] {
            oneHot(4, 0.9f), oneHot(2, 0.8f), oneHot(10, 0.5f)});

        assertThat(reading.digits()).isEqualTo("42");
        assertThat(reading.confidence()).isCloseTo(0.9 * 0.8 * 0.5, within(1e-6));
        assertThat(reading.positions()).extracting(PositionPrediction::digit).containsExactly(4, 2, null);
        assertThat(reading.positions().get(2).confidence()).isCloseTo(0.5, within(1e-6));
    }

    @Test
    void nanOutputsGiveZeroConfidenceInsteadOfFailing() {
        float[] nan = new float[11];
        java.util.Arrays.fill(nan, Float.NaN);

        DigitReading reading = decoder.decode(new float[][] {nan, oneHot(10, 1f), oneHot(10, 1f)});

        assertThat(reading.confidence()).isZero();
    }

    @Test
    void aCharacterReaderReadsOneDigitPerCellAndNeverNoDigit() {
        DigitSequenceDecoder characters = new DigitSequenceDecoder(LabelSchema.of(1));
        float[] mostlyBlank = oneHot(10, 0.6f);
        mostlyBlank[7] = 0.3f;

        DigitReading reading = characters.decodeCharacters(new float[][] {oneHot(3, 0.9f), mostlyBlank});

        assertThat(reading.digits()).isEqualTo("37");
        assertThat(reading.confidence()).isCloseTo(0.9 * 0.3, within(1e-6));
        assertThat(reading.positions()).extracting(PositionPrediction::position).containsExactly(0, 1);
    }

    private static float[] oneHot(int cls, float probability) {
        float[] scores = new float[11];
        java.util.Arrays.fill(scores, (1 - probability) / 10);
        scores[cls] = probability;
        return scores;
    }
}
