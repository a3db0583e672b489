package io.streetdigits.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.label.LabelSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRepositoryTest {

    @TempDir
    Path root;

    @Test
    void publishingAssignsIncreasingVersionsWithCardAndModelSideBySide() throws IOException {
        ModelRepository repository = new ModelRepository(root);
        Path onnx = Files.write(root.resolve("candidate.onnx"), new byte[] {7, 7, 7});

        ModelVersion first = repository.publish(onnx, card("digit-cnn"));
        ModelVersion second = repository.publish(onnx, card("digit-cnn"));

        assertThat(first.ref()).isEqualTo(new ModelRef("digit-cnn", 1));
        assertThat(second.ref()).isEqualTo(new ModelRef("digit-cnn", 2));
        assertThat(second.directory()).isEqualTo(root.resolve("digit-cnn/2"));
        assertThat(Files.readAllBytes(second.onnxFile())).containsExactly(7, 7, 7);
        assertThat(second.readCard().version()).isEqualTo(2);
        assertThat(second.readCard().metrics()).containsEntry(ModelCard.VAL_WHOLE_STRING_ACCURACY, 0.5);
        assertThat(repository.latest("digit-cnn")).contains(second);
        assertThat(repository.modelNames()).containsExactly("digit-cnn");
        try (var leftovers = Files.list(root.resolve("digit-cnn"))) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("1", "2");
        }
    }

    @Test
    void incompleteVersionDirectoriesAreNotServed() throws IOException {
        Files.createDirectories(root.resolve("half/1"));
        Files.write(root.resolve("half/1/model.onnx"), new byte[] {1});

        ModelRepository repository = new ModelRepository(root);

        assertThat(repository.versions("half")).isEmpty();
        assertThat(repository.modelNames()).isEmpty();
    }

    @Test
    void unsafeModelNamesAreRefused() {
        assertThatThrownBy(() -> new ModelRepository(root).versions("../etc"))
                .hasMessageContaining("model name '../etc'");
    }

    @Test
    void aCharacterReaderReadsOnePositionAndNamesTheReaderOfNumbersThatPlacesIt() {
        ModelCard reader = card("digit-reader");
        ModelCard characters = new ModelCard("character-reader", 0, "character-reader", ModelCard.READS_CHARACTERS,
                reader.input(), List.of("position_0"), PreprocessingSpec.centred(32, 32), LabelSchema.of(1),
                new LocatorRef("digit-reader", 0), Map.of(), 1, null, reader.provenance(), reader.parity(),
                reader.createdAt());

        assertThat(characters.readsCharacters()).isTrue();
        assertThat(characters.locates()).isFalse();
        assertThatThrownBy(() -> new ModelCard("no-reader", 0, "character-reader", ModelCard.READS_CHARACTERS,
                reader.input(), List.of("position_0"), PreprocessingSpec.centred(32, 32), LabelSchema.of(1), null,
                Map.of(), 1, null, reader.provenance(), reader.parity(), reader.createdAt()))
                .hasMessageContaining("reader of numbers");
        assertThatThrownBy(() -> new ModelCard("two-positions", 0, "character-reader", ModelCard.READS_CHARACTERS,
                reader.input(), reader.outputs(), reader.preprocessing(), reader.labels(),
                new LocatorRef("digit-reader", 0), Map.of(), 1, null, reader.provenance(), reader.parity(),
                reader.createdAt()))
                .hasMessageContaining("must have one output of one position");
    }

    @Test
    void aLocatorAnswersItsBoxAndMayAnswerItsPeakAfterIt() {
        ModelCard reader = card("digit-reader");
        assertThat(locator(List.of("box")).givesPeak()).isFalse();
        assertThat(locator(List.of("box", ModelCard.PEAK_OUTPUT)).givesPeak()).isTrue();
        assertThat(reader.givesPeak()).isFalse();
        assertThatThrownBy(() -> locator(List.of("box", "score")))
                .hasMessageContaining("locator digit-locator must have the box as its output, perhaps followed by"
                        + " 'peak'; has [box, score]");
        assertThatThrownBy(() -> locator(List.of()))
                .hasMessageContaining("must have the box as its output");
    }

    private static ModelCard locator(List<String> outputs) {
        ModelCard reader = card("digit-reader");
        return new ModelCard("digit-locator", 0, "heatmap-locator", ModelCard.LOCATES_DIGITS, reader.input(), outputs,
                reader.preprocessing(), null, null, Map.of(), 1, null, reader.provenance(), reader.parity(),
                reader.createdAt());
    }

    static ModelCard card(String name) {
        return new ModelCard(name, 0, "digit-cnn", ModelCard.READS_DIGITS,
                new TensorSpec("image", List.of(-1L, 3L, 32L, 64L)),
                List.of("position_0", "position_1"),
                PreprocessingSpec.centred(64, 32), LabelSchema.of(2), null,
                Map.of(ModelCard.VAL_WHOLE_STRING_ACCURACY, 0.5), 1234, 56_789L,
                new TrainingProvenance("test", 10, 5, 42, 1, 8, Map.of("learningRate", "0.001"), "abc123",
                        "deeplearning4j 1.0.0-M2.1", 1.5, Instant.parse("2026-11-29T18:00:00Z"), 120.0, 900L << 20),
                new ParityCheck(8, 1e-6, 1e-4, "onnxruntime 1.29.0"), Instant.parse("2026-11-29T18:00:00Z"));
    }
}
