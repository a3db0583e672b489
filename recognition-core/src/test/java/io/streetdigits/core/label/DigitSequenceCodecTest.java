package io.streetdigits.core.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DigitSequenceCodecTest {

    private final DigitSequenceCodec codec = new DigitSequenceCodec(LabelSchema.DEFAULT);

    @Test
    void padsTheRightWithTheBlankClass() {
        assertThat(codec.encode("19")).containsExactly(1, 9, 10, 10, 10, 10);
        assertThat(codec.encode("102938")).containsExactly(1, 0, 2, 9, 3, 8);
    }

    @Test
    void decodesBackToTheSameString() {
        assertThat(codec.decode(codec.encode("0"))).isEqualTo("0");
        assertThat(codec.decode(codec.encode("4050"))).isEqualTo("4050");
    }

    @Test
    void dropsBlanksWhereverTheyStand() {
        assertThat(codec.decode(new int[] {1, 10, 3, 10, 10, 10})).isEqualTo("13");
    }

    @Test
    void refusesStringsTheSchemaCannotHold() {
        assertThatThrownBy(() -> codec.encode("1234567")).hasMessageContaining("1 to 6 digits");
        assertThatThrownBy(() -> codec.encode("")).hasMessageContaining("1 to 6 digits");
        assertThatThrownBy(() -> codec.encode("12a")).hasMessageContaining("'a' at position 2");
    }
}
