package io.streetdigits.core.tianchi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TianchiLabelsTest {

    @TempDir
    Path dir;

    @Test
    void readsIntAndFloatCoordinatesAlike() throws IOException {
        Path file = write("""
                {"000000.png": {"height": [219, 219], "label": [1, 9], "left": [246, 323], "top": [77, 81],
                                "width": [81, 96]},
                 "000002.png": {"height": [16.0], "label": [6], "left": [61.0], "top": [6.0], "width": [16.0]}}
                """);

        List<LabelledImage> images = TianchiLabels.read(file);

        assertThat(images).extracting(LabelledImage::fileName).containsExactly("000000.png", "000002.png");
        assertThat(images).extracting(LabelledImage::code).containsExactly("19", "6");
        assertThat(images.get(0).characters().get(1)).isEqualTo(new CharacterBox(9, 323, 81, 96, 219));
        assertThat(images.get(1).characters().get(0)).isEqualTo(new CharacterBox(6, 61, 6, 16, 16));
    }

    @Test
    void boxesCrossingTheImageEdgeAreReadAndCanBeClipped() throws IOException {
        Path file = write("""
                {"a.png": {"height": [30], "label": [0], "left": [-3], "top": [-6], "width": [20]}}
                """);

        CharacterBox box = TianchiLabels.read(file).get(0).characters().get(0);

        assertThat(box.top()).isEqualTo(-6);
        assertThat(box.clippedTo(15, 20)).isEqualTo(new CharacterBox(0, 0, 0, 15, 20));
    }

    @Test
    void writtenLabelsReadBackUnchanged() throws IOException {
        List<LabelledImage> images = List.of(
                new LabelledImage("x.png", List.of(new CharacterBox(3, 1, 2, 3, 4), new CharacterBox(5, 4.5, 2, 3, 4))));
        Path file = dir.resolve("out.json");

        TianchiLabels.write(file, images);

        assertThat(TianchiLabels.read(file)).isEqualTo(images);
    }

    @Test
    void entriesWithMismatchedArraysAreRefusedNamingTheEntry() throws IOException {
        Path file = write("""
                {"bad.png": {"height": [1, 2], "label": [1], "left": [0], "top": [0], "width": [1]}}
                """);

        assertThatThrownBy(() -> TianchiLabels.read(file)).hasMessageContaining("bad.png", "different lengths");
    }

    private Path write(String json) throws IOException {
        return Files.writeString(dir.resolve("labels.json"), json);
    }
}
