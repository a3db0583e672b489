package io.streetdigits.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetdigits.core.tianchi.CharacterBox;
import io.streetdigits.core.tianchi.LabelledImage;
import io.streetdigits.core.tianchi.TianchiLabels;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HouseNumberGeneratorTest {

    private final HouseNumberGenerator generator = new HouseNumberGenerator(GeneratorSettings.DEFAULT);

    @Test
    void sameSeedGivesTheSameImageAndLabel() {
        GeneratedImage first = generator.generate(42, "a.png");
        GeneratedImage second = generator.generate(42, "a.png");

        assertThat(second.label()).isEqualTo(first.label());
        assertThat(pixels(second.image())).isEqualTo(pixels(first.image()));
    }

    @Test
    void drawsTheRequestedDigitsWithOneBoxEachLeftToRightInsideTheImage() {
        for (long seed = 0; seed < 50; seed++) {
            GeneratedImage generated = generator.generate("907153", seed, "x.png");
            List<CharacterBox> boxes = generated.label().characters();

            assertThat(generated.label().code()).isEqualTo("907153");
            for (int i = 0; i < boxes.size(); i++) {
                CharacterBox box = boxes.get(i);
                assertThat(box.width()).isPositive();
                assertThat(box.height()).isPositive();
                assertThat(box.left()).isBetween(-2.0, (double) generated.image().getWidth());
                assertThat(box.right()).isLessThanOrEqualTo(generated.image().getWidth() + 2.0);
                if (i > 0) {
                    assertThat(box.left() + box.width() / 2).isGreaterThan(boxes.get(i - 1).left()
                            + boxes.get(i - 1).width() / 2);
                }
            }
        }
    }

    @Test
    void randomNumbersCoverEveryLengthFromOneToSix() {
        List<Integer> lengths = IntStream.range(0, 2000)
                .mapToObj(seed -> generator.generate(seed, "x.png").label().code().length()).toList();

        assertThat(lengths).contains(1, 2, 3, 4, 5, 6).allMatch(n -> n >= 1 && n <= 6);
    }

    @Test
    void writesADatasetInTheCompetitionLayout(@TempDir Path dir) throws Exception {
        List<LabelledImage> written = SyntheticDataset.write(generator, dir.resolve("train"),
                dir.resolve("train.json"), 5, 7);

        assertThat(TianchiLabels.read(dir.resolve("train.json"))).isEqualTo(written);
        assertThat(dir.resolve("train/000004.png")).exists();
        assertThat(Files.size(dir.resolve("train/000000.png"))).isPositive();
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
