package io.streetdigits.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DigitRegionTest {

    @Test
    void aCharactersSquareIsCentredOnItAndAsWideAsItsTallerSidePlusTheMargin() {
        CropRegion square = DigitRegion.square(40, 25, 12, 30, 0.2);

        assertThat(square.width()).isCloseTo(30 + 2 * 0.2 * 30, within(1e-9)).isEqualTo(square.height());
        assertThat(square.left() + square.width() / 2).isCloseTo(40.0, within(1e-9));
        assertThat(square.top() + square.height() / 2).isCloseTo(25.0, within(1e-9));
    }

    @Test
    void aWideCharactersSquareIsAsWideAsItsBoxWithTheMarginStillAFractionOfItsHeight() {
        CropRegion square = DigitRegion.square(40, 25, 50, 20, 0.25);

        assertThat(square.width()).isCloseTo(50 + 2 * 0.25 * 20, within(1e-9)).isEqualTo(square.height());
    }

    @Test
    void aCharacterWithNoSizeStillGetsAPixel() {
        CropRegion square = DigitRegion.square(5, 5, 0, 0, 0.3);

        assertThat(square.width()).isEqualTo(1.0);
        assertThat(square.left()).isCloseTo(4.5, within(1e-9));
    }
}
