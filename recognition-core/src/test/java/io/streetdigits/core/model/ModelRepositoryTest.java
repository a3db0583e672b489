package io.streetdigits.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.detection.CharacterMaps;
import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.label.LabelSchema;
import io.streetdigits.core.pipeline.PipelineSpec;
import io.streetdigits.core.pipeline.PipelineStep;
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
    void aCharacterReaderReadsOnePositionOnItsOwn() {
        ModelCard characters = characterReader("character-reader", List.of("position_0"), LabelSchema.of(1));

        assertThat(characters.task()).isEqualTo(ModelCard.READS_CHARACTERS);
        assertThatThrownBy(() -> characterReader("two-positions", List.of("position_0", "position_1"),
                LabelSchema.of(2)))
                .hasMessageContaining("character reader two-positions must have one output of one position,"
                        + " has 2 outputs of 2");
    }

    @Test
    void aDetectorAnswersItsClassesAndSizesAndNothingElse() {
        assertThat(detector(List.of(CharacterMaps.CLASS_OUTPUT, CharacterMaps.SIZE_OUTPUT)).task())
                .isEqualTo(ModelCard.DETECTS_CHARACTERS);
        assertThatThrownBy(() -> detector(List.of(CharacterMaps.SIZE_OUTPUT, CharacterMaps.CLASS_OUTPUT)))
                .hasMessageContaining("detector digit-detector must answer the outputs classes and sizes,"
                        + " has [sizes, classes]");
        assertThatThrownBy(() -> detector(List.of(CharacterMaps.CLASS_OUTPUT)))
                .hasMessageContaining("must answer the outputs classes and sizes");
    }

    @Test
    void aPipelineIsReadFromItsDeclaration() throws IOException {
        Files.createDirectories(root.resolve("house-number"));
        Files.writeString(root.resolve("house-number").resolve(PipelineSpec.FILE), """
                {"description": "find the characters, then read each again",
                 "steps": [{"model": "digit-detector", "threshold": 0.4, "maxOverlap": 0.3},
                           {"model": "character-reader", "margin": 0.15}]}
                """);

        PipelineSpec pipeline = new ModelRepository(root).pipeline("house-number").orElseThrow();

        assertThat(pipeline.description()).isEqualTo("find the characters, then read each again");
        assertThat(pipeline.steps()).containsExactly(new PipelineStep("digit-detector", 0.4, 0.3, null),
                new PipelineStep("character-reader", null, null, 0.15));
        assertThat(pipeline.models()).containsExactly("digit-detector", "character-reader");
    }

    @Test
    void aClassifierOfCharactersNamedAloneReadsBehindThePipelineItsCardNames() throws IOException {
        ModelRepository repository = new ModelRepository(root);
        Path onnx = Files.write(root.resolve("candidate.onnx"), new byte[] {1});
        repository.publish(onnx, detector(List.of(CharacterMaps.CLASS_OUTPUT, CharacterMaps.SIZE_OUTPUT)));
        repository.publish(onnx, characterReader("character-reader", List.of("position_0"), LabelSchema.of(1)));
        repository.publish(onnx, characterReader("resnet18", List.of("position_0"), LabelSchema.of(1))
                .withRunsBehind("house-number"));
        Files.createDirectories(root.resolve("house-number"));
        Files.writeString(root.resolve("house-number").resolve(PipelineSpec.FILE), """
                {"description": "find the characters, then read each again.",
                 "steps": [{"model": "digit-detector", "threshold": 0.4},
                           {"model": "character-reader", "margin": 0.15}],
                 "calibration": {"slope": 1.5, "intercept": 3.0}}
                """);

        PipelineSpec behind = repository.reading("resnet18");

        assertThat(behind.steps()).containsExactly(new PipelineStep("digit-detector", 0.4, null, null),
                new PipelineStep("resnet18", null, null, 0.15));
        assertThat(behind.calibration()).as("fitted to another classifier").isNull();
        assertThat(repository.reading("house-number")).isEqualTo(repository.pipeline("house-number").orElseThrow());
        assertThat(repository.reading("character-reader")).isEqualTo(PipelineSpec.of("character-reader"));

        repository.publish(onnx, characterReader("lenet5", List.of("position_0"), LabelSchema.of(1))
                .withRunsBehind("absent"));
        assertThatThrownBy(() -> repository.reading("lenet5")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lenet5 reads behind pipeline absent, which is not declared");
    }

    @Test
    void aNameWithoutADeclarationHasNoPipeline() throws IOException {
        ModelRepository repository = new ModelRepository(root);
        repository.publish(Files.write(root.resolve("candidate.onnx"), new byte[] {1}), card("digit-cnn"));

        assertThat(repository.pipeline("digit-cnn")).isEmpty();
        assertThat(repository.pipeline("absent")).isEmpty();
        assertThat(repository.pipelineNames()).isEmpty();
    }

    @Test
    void aMalformedDeclarationIsRefusedNamingItsFile() throws IOException {
        Path file = Files.createDirectories(root.resolve("broken")).resolve(PipelineSpec.FILE);
        Files.writeString(file, "{\"steps\": [{\"model\": \"digit-detector\"");

        assertThatThrownBy(() -> new ModelRepository(root).pipeline("broken"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pipeline broken is declared badly in " + file);
    }

    @Test
    void aDeclarationWithoutStepsIsRefusedNamingItsFileAndTheLimit() throws IOException {
        Path file = Files.createDirectories(root.resolve("empty")).resolve(PipelineSpec.FILE);
        Files.writeString(file, "{\"description\": \"nothing\", \"steps\": []}");

        assertThatThrownBy(() -> new ModelRepository(root).pipeline("empty"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pipeline empty is declared badly in " + file)
                .hasMessageContaining("a pipeline has 1 to 3 steps, this one 0");
    }

    @Test
    void pipelinesAreListedByNameApartFromModels() throws IOException {
        ModelRepository repository = new ModelRepository(root);
        repository.publish(Files.write(root.resolve("candidate.onnx"), new byte[] {1}), card("digit-cnn"));
        for (String name : List.of("house-number", "alone")) {
            Files.writeString(Files.createDirectories(root.resolve(name)).resolve(PipelineSpec.FILE),
                    "{\"steps\": [{\"model\": \"digit-cnn\"}]}");
        }

        assertThat(repository.pipelineNames()).containsExactly("alone", "house-number");
        assertThat(repository.modelNames()).containsExactly("digit-cnn");
    }

    private static ModelCard characterReader(String name, List<String> outputs, LabelSchema labels) {
        ModelCard reader = card("digit-reader");
        return new ModelCard(name, 0, "character-reader", ModelCard.READS_CHARACTERS, reader.input(), outputs, PreprocessingSpec.centred(32, 32), labels,
                null, Map.of(), 1, null, reader.provenance(), reader.parity(), reader.createdAt());
    }

    private static ModelCard detector(List<String> outputs) {
        ModelCard reader = card("digit-reader");
        return new ModelCard("digit-detector", 0, "character-detector", ModelCard.DETECTS_CHARACTERS, reader.input(),
                outputs, reader.preprocessing(), null, null, Map.of(ModelCard.BEST_THRESHOLD, 0.4), 1, null,
                reader.provenance(), reader.parity(), reader.createdAt());
    }

    static ModelCard card(String name) {
        return new ModelCard(name, 0, "digit-cnn", ModelCard.READS_DIGITS,
                new TensorSpec("image", List.of(-1L, 3L, 32L, 64L)),
                List.of("position_0", "position_1"),
                PreprocessingSpec.centred(64, 32), LabelSchema.of(2), null,
                Map.of(ModelCard.VAL_WHOLE_STRING_ACCURACY, 0.5), 1234, 56_789L,
                new TrainingProvenance("test", 10, 5, 42, 1, 8, Map.of("learningRate", "0.001"), "abc123",
                        "deeplearning4j 1.0.0-M2.1", 1.5, Instant.parse("2026-11-29T18:00:00Z"), 120.0, 900L << 20,
                        "./streetdigits train --epochs 1"),
                new ParityCheck(8, 1e-6, 1e-4, "onnxruntime 1.29.0"), Instant.parse("2026-11-29T18:00:00Z"));
    }
}
