package io.streetdigits.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    private final HouseNumberGenerator generator = new HouseNumberGenerator(GeneratorSettings.STREET);

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
    void plainImagesHaveNoneOfTheStreetsEffects() {
        assertThat(GeneratorSettings.PLAIN.maxPerspective()).isZero();
        assertThat(GeneratorSettings.PLAIN.clutterChance()).isZero();
        assertThat(GeneratorSettings.PLAIN.jpegChance()).isZero();
        assertThat(GeneratorSettings.STREET.maxPerspective()).isPositive();
        assertThat(HouseNumberGenerator.plain().fontFamilies()).isNotEmpty()
                .allMatch(family -> family.startsWith("DejaVu") || family.startsWith("Liberation"));
    }

    @Test
    void savedAsAJpegAnImageKeepsItsSizeAndIsTheSameForTheSameSeed() {
        GeneratorSettings alwaysJpeg = new GeneratorSettings(List.of(1.0, 1.0), 20, 40, 3, 0.5, 4, 0, 1, 1);
        HouseNumberGenerator jpeg = new HouseNumberGenerator(alwaysJpeg, generator.fontFamilies());
        HouseNumberGenerator noJpeg = new HouseNumberGenerator(new GeneratorSettings(List.of(1.0, 1.0), 20, 40, 3,
                0.5, 4, 0, 1, 0), generator.fontFamilies());

        GeneratedImage compressed = jpeg.generate(7, "x.png");
        GeneratedImage clean = noJpeg.generate(7, "x.png");

        assertThat(compressed.label()).isEqualTo(clean.label());
        assertThat(compressed.image().getWidth()).isEqualTo(clean.image().getWidth());
        assertThat(pixels(compressed.image())).isNotEqualTo(pixels(clean.image()));
        assertThat(pixels(jpeg.generate(7, "x.png").image())).isEqualTo(pixels(compressed.image()));
    }

    @Test
    void settingsOutsideTheirRangesAreRefusedByName() {
        assertThatThrownBy(() -> new GeneratorSettings(List.of(1.0), 12, 64, 6, 1.6, 10, 0.5, 0, 0))
                .hasMessageContaining("perspective").hasMessageContaining("0.5");
        assertThatThrownBy(() -> new GeneratorSettings(List.of(1.0), 12, 64, 6, 1.6, 10, 0, 1.5, 0))
                .hasMessageContaining("chances of clutter and JPEG").hasMessageContaining("1.5");
        assertThatThrownBy(() -> GeneratorSettings.style("fancy"))
                .hasMessageContaining("synthetic style 'fancy' is not one of [plain, street]");
        assertThatThrownBy(() -> GeneratorSettings.style(null))
                .hasMessageContaining("synthetic style 'null' is not one of [plain, street]");
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
