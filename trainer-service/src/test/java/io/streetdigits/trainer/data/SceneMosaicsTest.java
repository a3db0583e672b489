package io.streetdigits.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.tianchi.CharacterBox;
import io.streetdigits.core.tianchi.LabelledImage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class SceneMosaicsTest {

    private static final int WALL = new Color(40, 120, 200).getRGB();
    private static final int INK = new Color(250, 250, 20).getRGB();

    /** A 100x40 photo: wall on the left, the number "17" painted in ink at x 60-87, y 5-35. */
    private static TrainingImage photo() {
        BufferedImage image = new BufferedImage(100, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(WALL));
        g.fillRect(0, 0, 100, 40);
        g.setColor(new Color(INK));
        g.fillRect(60, 5, 12, 30);
        g.fillRect(75, 5, 12, 30);
        g.dispose();
        return new TrainingImage(new LabelledImage("000000.png", List.of(new CharacterBox(1, 60, 5, 12, 30),
                new CharacterBox(7, 75, 5, 12, 30))), image);
    }

    @Test
    void aSceneShowsThePhotoSmallerAmongNumberFreePartsWithItsCharactersMoved() {
        for (TrainingImage scene : SceneMosaics.of(List.of(photo()), 20, 3)) {
            BufferedImage image = scene.image();
            assertThat(scene.label().code()).isEqualTo("17");
            assertThat(scene.label().fileName()).startsWith("scene-").endsWith("000000.png");
            CropRegion digits = scene.digits(0);
            double share = digits.height() / image.getHeight();
            assertThat(share).isBetween(0.75 * SceneMosaics.MIN_SHARE - 0.05, 0.75 * SceneMosaics.MAX_SHARE + 0.05);
            for (CharacterBox box : scene.label().characters()) {
                assertThat(image.getRGB((int) (box.left() + box.width() / 2), (int) (box.top() + box.height() / 2)))
                        .as("the middle of %s in %s", box, scene.label().fileName()).isEqualTo(INK);
            }
            // The background is cut from beside the number: no ink outside the number's box (and its blurred edge).
            CropRegion around = scene.digits(0.2);
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    boolean inside = x >= around.left() && x < around.left() + around.width() && y >= around.top()
                            && y < around.top() + around.height();
                    if (!inside) {
                        assertThat(image.getRGB(x, y)).as("pixel %d,%d of %s", x, y, scene.label().fileName())
                                .isNotEqualTo(INK);
                    }
                }
            }
        }
    }

    @Test
    void theSameSeedDrawsTheSameScenes() {
        List<TrainingImage> first = SceneMosaics.of(List.of(photo()), 3, 11);
        List<TrainingImage> again = SceneMosaics.of(List.of(photo()), 3, 11);
        List<TrainingImage> other = SceneMosaics.of(List.of(photo()), 3, 12);

        for (int i = 0; i < first.size(); i++) {
            assertThat(again.get(i).label()).isEqualTo(first.get(i).label());
            assertThat(pixels(again.get(i))).isEqualTo(pixels(first.get(i)));
        }
        assertThat(other.stream().map(TrainingImage::label).toList())
                .isNotEqualTo(first.stream().map(TrainingImage::label).toList());
    }

    @Test
    void photosFilledByTheirNumbersLeaveNothingToTileAScene() {
        BufferedImage image = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
        TrainingImage filled = new TrainingImage(new LabelledImage("full.png", List.of(new CharacterBox(4, 1, 1, 28,
                18))), image);

        assertThatThrownBy(() -> SceneMosaics.of(List.of(filled), 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("none of the 1 photos has a part of at least 8x8 pixels clear of its number");
        assertThat(SceneMosaics.of(List.of(filled), 0, 1)).isEmpty();
    }

    private static int[] pixels(TrainingImage scene) {
        BufferedImage image = scene.image();
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
