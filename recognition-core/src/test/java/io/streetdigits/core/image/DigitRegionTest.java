package io.streetdigits.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DigitRegionTest {

    @Test
    void aNumberSplitsIntoSquareCellsCentredOnEqualShares() {
        CropRegion[] cells = DigitRegion.characterCells(100, 20, 160, 50, 3, 0);

        assertThat(cells).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(cells[i].width()).isEqualTo(30.0).isEqualTo(cells[i].height()); // the digits' height
            assertThat(cells[i].left() + cells[i].width() / 2).isCloseTo(110.0 + 20 * i, within(1e-9));
            assertThat(cells[i].top() + cells[i].height() / 2).isCloseTo(35.0, within(1e-9));
        }
    }

    @Test
    void aWideCellIsAsWideAsItsShareAndTheMarginWidensItByAFractionOfTheHeight() {
        CropRegion[] cells = DigitRegion.characterCells(0, 0, 80, 20, 2, 0.25);

        assertThat(cells[0].width()).isEqualTo(40.0 + 2 * 0.25 * 20);
        assertThat(cells[1].left() + cells[1].width() / 2).isCloseTo(60.0, within(1e-9));
    }

    @Test
    void noCharactersIsRefused() {
        assertThatThrownBy(() -> DigitRegion.characterCells(0, 0, 10, 10, 0, 0))
                .hasMessageContaining("at least one character");
    }
}
