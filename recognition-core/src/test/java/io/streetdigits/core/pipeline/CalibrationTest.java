package io.streetdigits.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    /** Readings drawn right with a known probability of their raw confidence: the fit finds that probability. */
    @Test
    void theFitRecoversTheProbabilityOfBeingRightFromTheRawConfidence() {
        Calibration truth = new Calibration(1.5, 2.0);
        SplittableRandom random = new SplittableRandom(3);
        List<Calibration.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            double raw = Math.exp(-4 * random.nextDouble());
            samples.add(new Calibration.Sample(raw, random.nextDouble() < truth.apply(raw)));
        }

        Calibration fitted = Calibration.fit(samples);

        assertThat(fitted.slope()).isCloseTo(1.5, within(0.1));
        assertThat(fitted.intercept()).isCloseTo(2.0, within(0.15));
        assertThat(fitted.apply(0.5)).isCloseTo(truth.apply(0.5), within(0.02));
    }

    @Test
    void aSurerReadingNeverComesOutLessSure() {
        Calibration calibration = new Calibration(0.8, -0.3);

        assertThat(calibration.apply(0.9)).isGreaterThan(calibration.apply(0.5));
        assertThat(calibration.apply(0)).isBetween(0.0, 1e-3);
        assertThatThrownBy(() -> new Calibration(-1, 0)).hasMessageContaining("finite slope >= 0");
        assertThatThrownBy(() -> Calibration.fit(List.of())).hasMessageContaining("no readings");
    }
}
