package io.streetdigits.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HomographyTest {

    private static final double[] RECTANGLE = {0, 0, 100, 0, 100, 50, 0, 50};
    private static final double[] QUAD = {8, 3, 95, 10, 90, 47, 2, 41};

    @Test
    void sendsEachCornerToItsCounterpartAndBack() {
        Homography forward = Homography.mapping(RECTANGLE, QUAD);
        Homography backward = Homography.mapping(QUAD, RECTANGLE);

        for (int i = 0; i < 4; i++) {
            double[] mapped = forward.apply(RECTANGLE[2 * i], RECTANGLE[2 * i + 1]);
            assertThat(mapped[0]).isCloseTo(QUAD[2 * i], within(1e-9));
            assertThat(mapped[1]).isCloseTo(QUAD[2 * i + 1], within(1e-9));
        }
        double[] inside = forward.apply(37, 21);
        double[] back = backward.apply(inside[0], inside[1]);
        assertThat(back[0]).isCloseTo(37, within(1e-9));
        assertThat(back[1]).isCloseTo(21, within(1e-9));
    }

    @Test
    void keepsStraightLinesStraight() {
        Homography forward = Homography.mapping(RECTANGLE, QUAD);
        double[] a = forward.apply(10, 10);
        double[] b = forward.apply(50, 30);
        double[] c = forward.apply(90, 50);

        double cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
        assertThat(cross).isCloseTo(0, within(1e-9));
    }

    @Test
    void refusesPointsThatDoNotFixAMap() {
        assertThatThrownBy(() -> Homography.mapping(new double[] {0, 0, 0, 0, 100, 50, 0, 50}, QUAD))
                .hasMessageContaining("do not fix a projective map");
    }
}
