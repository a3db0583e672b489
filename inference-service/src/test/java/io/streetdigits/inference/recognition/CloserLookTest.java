package io.streetdigits.inference.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streetdigits.core.contract.DigitReading;
import io.streetdigits.core.image.CropRegion;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloserLookTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CloserLook closerLook = new CloserLook(0.98, 0.6, new InferenceMetrics(meters));

    @Test
    void looksAtTheFourCornersEachSixTenthsOfThePhoto() {
        CropRegion[] tiles = closerLook.tiles(200, 100);

        assertThat(tiles).hasSize(4);
        for (CropRegion tile : tiles) {
            assertThat(tile.width()).isCloseTo(120, within(1e-9));
            assertThat(tile.height()).isCloseTo(60, within(1e-9));
            assertThat(tile.left()).isBetween(0.0, 80.0);
            assertThat(tile.top()).isBetween(0.0, 40.0);
        }
        assertThat(tiles).extracting(CropRegion::left, CropRegion::top).containsExactly(tuple(0.0, 0.0),
                tuple(80.0, 0.0), tuple(0.0, 40.0), tuple(80.0, 40.0));
    }

    @Test
    void looksCloserOnlyWhenTheFirstLookPeakedAtOrBelowTheThreshold() {
        assertThat(closerLook.wanted(0.5f)).isTrue();
        assertThat(closerLook.wanted(0.98f)).isTrue();
        assertThat(closerLook.wanted(0.999f)).isFalse();
        assertThat(new CloserLook(0, 0.6, new InferenceMetrics(meters)).wanted(0.3f)).isFalse();
        assertThat(new CloserLook(1, 0.6, new InferenceMetrics(meters)).wanted(1f)).isTrue();
    }

    @Test
    void aTileMustBeClearlySurerThanTheWholePhotoToWin() {
        DigitReading sure = new DigitReading("27", 0.9, List.of());
        DigitReading unsure = new DigitReading("3", 0.5, List.of());

        assertThat(CloserLook.score(0.9f, sure, true)).as("same evidence: the whole photo wins")
                .isLessThan(CloserLook.score(0.9f, sure, false));
        assertThat(CloserLook.score(0.99f, sure, true)).as("a tile the locator is surer of, read surer")
                .isGreaterThan(CloserLook.score(0.77f, unsure, false));
        assertThat(CloserLook.score(0f, sure, false)).as("a peak of 0 still scores").isFinite();
    }

    @Test
    void aTileShareOutsideZeroToOneIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new CloserLook(0.98, 1.2, new InferenceMetrics(meters)))
                .hasMessageContaining("streetdigits.inference.closer-look.tile-share must be between 0 and 1")
                .hasMessageContaining("1.2");
    }

    @Test
    void countsThePhotosLookedAtCloserAndTheTilesKept() {
        closerLook.counted(3, 1);
        closerLook.counted(0, 0);

        assertThat(meters.counter("streetdigits.inference.closer.looks").count()).isEqualTo(3);
        assertThat(meters.counter("streetdigits.inference.closer.looks.kept").count()).isEqualTo(1);
    }
}
