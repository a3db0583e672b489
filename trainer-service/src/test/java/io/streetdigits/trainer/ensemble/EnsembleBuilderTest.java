package io.streetdigits.trainer.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.model.LocatorRef;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.model.ModelVersion;
import io.streetdigits.core.synthetic.HouseNumberGenerator;
import io.streetdigits.core.synthetic.SyntheticDataset;
import io.streetdigits.trainer.BundledModels;
import io.streetdigits.trainer.export.ExportedModel;
import io.streetdigits.trainer.network.DigitCnnConfig;
import io.streetdigits.trainer.network.HeatmapLocator;
import io.streetdigits.trainer.training.TrainedNetwork;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;

/** Joins bundled readers of characters and of numbers, judged on generated validation images. */
class EnsembleBuilderTest {

    private static final ModelRef FIRST = new ModelRef("character-reader", 1);
    private static final ModelRef SECOND = new ModelRef("character-reader", 2);
    private static final ModelRef NUMBERS = new ModelRef("digit-reader", 2);
    private static final ModelRef NUMBERS_BEHIND_LOCATOR = new ModelRef("digit-reader", 1);
    private static final ModelRef HEATMAP_BEFORE_PATCH = new ModelRef("digit-locator", 2);
    private static final ModelRef HEATMAP = new ModelRef("digit-locator", 3);

    @TempDir
    static Path root;
    private static ModelRepository repository;
    private static Path data;

    @BeforeAll
    static void bundledModelsAndGeneratedImages() throws Exception {
        repository = new ModelRepository(root.resolve("models"));
        BundledModels.copy(repository.root(), List.of(FIRST, SECOND, NUMBERS, NUMBERS_BEHIND_LOCATOR,
                new ModelRef("digit-locator", 1), HEATMAP_BEFORE_PATCH, HEATMAP));
        data = root.resolve("data");
        SyntheticDataset.write(HouseNumberGenerator.plain(), data.resolve("val"),
                data.resolve("val.json"), 12, 900);
    }

    @Test
    void joinsCharacterReadersIntoOneGraphAnsweringTheMeanOfTheirProbabilities() throws Exception {
        ModelVersion version = EnsembleBuilder.build(new EnsembleSpec(null, List.of(FIRST, SECOND),
                "character-refiner", data, 0, false), repository, "test");

        ModelCard card = version.readCard();
        ModelCard member = repository.find(FIRST).orElseThrow().readCard();
        assertThat(version.ref()).isEqualTo(new ModelRef("character-reader", 3));
        assertThat(card.architecture()).isEqualTo(EnsembleBuilder.ARCHITECTURE);
        assertThat(card.task()).isEqualTo(ModelCard.READS_CHARACTERS);
        assertThat(card.input()).isEqualTo(member.input());
        assertThat(card.outputs()).isEqualTo(member.outputs());
        assertThat(card.locator()).isEqualTo(new LocatorRef("character-refiner", member.locator().margin()));
        assertThat(card.metrics()).containsKeys(ModelCard.VAL_CHARACTER_ACCURACY,
                ModelCard.VAL_WHOLE_STRING_ACCURACY);
        assertThat(card.parity().passed()).isTrue();
        assertThat(card.parameterCount()).isEqualTo(member.parameterCount()
                + repository.find(SECOND).orElseThrow().readCard().parameterCount());
        assertThat(card.provenance().hyperParameters()).containsEntry("members",
                "character-reader/1,character-reader/2");
        assertThat(card.provenance().valImages()).isEqualTo(12);

        // Independently of the builder's own check: the graph answers the members' mean.
        float[] cell = new float[3 * 32 * 32];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < cell.length; i++) {
            cell[i] = (float) (random.nextDouble() * 2 - 1);
        }
        float[] joined = probabilities(version, card, cell);
        float[] first = probabilities(repository.find(FIRST).orElseThrow(), card, cell);
        float[] second = probabilities(repository.find(SECOND).orElseThrow(), card, cell);
        for (int k = 0; k < joined.length; k++) {
            assertThat(joined[k]).isCloseTo((first[k] + second[k]) / 2, within(1e-6f));
        }
    }

    @Test
    void joinsReadersOfNumbersBehindTheFirstMembersLocator() throws Exception {
        ModelVersion version = EnsembleBuilder.build(new EnsembleSpec("number-ensemble", List.of(NUMBERS,
                NUMBERS_BEHIND_LOCATOR), null, data, 0, false), repository, "test");

        ModelCard card = version.readCard();
        ModelCard member = repository.find(NUMBERS).orElseThrow().readCard();
        assertThat(version.ref()).isEqualTo(new ModelRef("number-ensemble", 1));
        assertThat(card.task()).isEqualTo(ModelCard.READS_DIGITS);
        assertThat(card.outputs()).isEqualTo(member.outputs()).hasSize(6);
        assertThat(card.locator()).isEqualTo(member.locator());
        assertThat(card.metrics()).containsKeys(ModelCard.VAL_WHOLE_STRING_ACCURACY,
                ModelCard.VAL_CHARACTER_ACCURACY);
        assertThat(card.parity().passed()).isTrue();
        assertThat(card.parity().samples()).isEqualTo(12);
    }

    @Test
    void joinsHeatmapLocatorsByTheMeanOfTheirMapsWithOneBoxDrawnAroundIt() throws Exception {
        ModelVersion version = EnsembleBuilder.build(new EnsembleSpec("heatmap-ensemble", List.of(
                HEATMAP_BEFORE_PATCH, HEATMAP), null, data, 0, false), repository, "test");

        ModelCard card = version.readCard();
        ModelCard member = repository.find(HEATMAP).orElseThrow().readCard();
        assertThat(card.task()).isEqualTo(ModelCard.LOCATES_DIGITS);
        assertThat(card.input()).isEqualTo(member.input());
        assertThat(card.outputs()).as("the box, and the peak a closer look is weighed by").containsExactly("box",
                "peak");
        assertThat(card.locator()).isNull();
        assertThat(card.metrics()).containsKeys(ModelCard.VAL_MEAN_IOU);
        assertThat(card.parity().passed()).isTrue();
        assertThat(card.parity().samples()).isEqualTo(12);
        assertThat(card.parameterCount()).isEqualTo(2 * member.parameterCount());
        assertThat(card.provenance().hyperParameters().get("combination")).contains("heat maps");

        // Independently of the builder's own check: a locator joined with itself draws its own box, though the
        // box is drawn again after the mean.
        ModelVersion twice = EnsembleBuilder.build(new EnsembleSpec("heatmap-twice", List.of(HEATMAP, HEATMAP),
                null, data, 0, false), repository, "test");
        float[] photo = new float[3 * 64 * 128];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < photo.length; i++) {
            photo[i] = (float) (random.nextDouble() * 2 - 1);
        }
        float[] own = box(repository.find(HEATMAP).orElseThrow(), photo);
        assertThat(box(twice, photo)).containsExactly(own, within(1e-6f));
        assertThat(box(version, photo)).hasSize(4);
    }

    @Test
    void joinsAHeatmapLocatorThatGivesItsPeakWithOneThatDoesNot() throws Exception {
        // A heat map exported by today's exporter (box and peak), untrained: the joining is what is tested.
        ModelCard older = repository.find(HEATMAP).orElseThrow().readCard();
        ExportedModel exported = new TrainedNetwork(HeatmapLocator.build(new DigitCnnConfig(64, 128,
                List.of(4, 8, 8, 8), 16, 0.1, 1), new Adam(1e-3), 1e-4, 5), 64, 128)
                .export(List.of(3L, 64L, 128L), "fresh-heatmap", "ensemble test");
        Path onnx = root.resolve("fresh-heatmap.onnx");
        Files.write(onnx, exported.bytes());
        ModelRef fresh = repository.publish(onnx, new ModelCard("fresh-heatmap", 0, older.architecture(),
                older.task(), older.input(), exported.outputNames(), older.preprocessing(), null, null, Map.of(), 1,
                null, older.provenance(), older.parity(), older.createdAt())).ref();

        ModelCard card = EnsembleBuilder.build(new EnsembleSpec("mixed-heatmaps", List.of(HEATMAP, fresh), null,
                data, 0, false), repository, "test").readCard();

        assertThat(repository.find(fresh).orElseThrow().readCard().givesPeak()).isTrue();
        assertThat(older.givesPeak()).isFalse();
        assertThat(card.outputs()).containsExactly("box", ModelCard.PEAK_OUTPUT);
        assertThat(card.parity().passed()).isTrue();
    }

    @Test
    void refusesLocatorsMixedKindsAndAnEnsembleOfOne() {
        assertThatThrownBy(() -> EnsembleBuilder.build(new EnsembleSpec(null, List.of(FIRST,
                new ModelRef("digit-locator", 1)), null, data, 0, false), repository, "test"))
                .hasMessageContaining("joins readers of characters or numbers, or heat-map locators")
                .hasMessageContaining("digit-locator/1 locates digits as a 'digit-locator'");
        assertThatThrownBy(() -> EnsembleBuilder.build(new EnsembleSpec(null, List.of(HEATMAP, FIRST), null, data,
                0, false), repository, "test")).hasMessageContaining("character-reader/1 is a 'read-characters'");
        assertThatThrownBy(() -> EnsembleBuilder.build(new EnsembleSpec(null, List.of(FIRST, NUMBERS), null, data,
                0, false), repository, "test")).hasMessageContaining("digit-reader/2 is a 'read-digits' model");
        assertThatThrownBy(() -> EnsembleBuilder.build(new EnsembleSpec(null, List.of(FIRST,
                new ModelRef("character-reader", 9)), null, data, 0, false), repository, "test"))
                .hasMessageContaining("no model character-reader/9");
        assertThatThrownBy(() -> new EnsembleSpec(null, List.of(FIRST), null, data, 0, false))
                .hasMessageContaining("at least two --members");
        assertThatThrownBy(() -> EnsembleSpec.parseRef("character-reader"))
                .hasMessageContaining("member 'character-reader' is not name/version");
    }

    private static float[] box(ModelVersion version, float[] photo) throws Exception {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession session = environment.createSession(version.onnxFile().toString());
                OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(photo),
                        new long[] {1, 3, 64, 128});
                OrtSession.Result result = session.run(Map.of("image", input))) {
            return ((float[][]) result.get("box").orElseThrow().getValue())[0];
        }
    }

    private static float[] probabilities(ModelVersion version, ModelCard card, float[] cell) throws Exception {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession session = environment.createSession(version.onnxFile().toString());
                OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(cell),
                        new long[] {1, 3, 32, 32});
                OrtSession.Result result = session.run(Map.of(card.input().name(), input))) {
            return ((float[][]) result.get(card.outputs().get(0)).orElseThrow().getValue())[0];
        }
    }
}
