package io.streetdigits.trainer.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.model.ModelVersion;
import io.streetdigits.core.synthetic.HouseNumberGenerator;
import io.streetdigits.core.synthetic.SyntheticDataset;
import io.streetdigits.trainer.UntrainedModels;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Joins readers of characters and of numbers, judged on generated validation images. */
class EnsembleBuilderTest {

    @TempDir
    static Path root;
    private static ModelRepository repository;
    private static Path data;
    private static ModelRef first;
    private static ModelRef second;
    private static ModelRef numbers;
    private static ModelRef moreNumbers;
    private static ModelRef detector;

    @BeforeAll
    static void membersAndGeneratedImages() throws Exception {
        repository = new ModelRepository(root.resolve("models"));
        first = UntrainedModels.characterReader(repository, "character-reader", 1);
        second = UntrainedModels.characterReader(repository, "character-reader", 2);
        numbers = UntrainedModels.photoReader(repository, "number-reader", 3);
        moreNumbers = UntrainedModels.photoReader(repository, "number-reader", 4);
        detector = UntrainedModels.detector(repository, "digit-detector", 5);
        data = root.resolve("data");
        SyntheticDataset.write(HouseNumberGenerator.plain(), data.resolve("val"),
                data.resolve("val.json"), 12, 900);
    }

    @Test
    void joinsCharacterReadersIntoOneGraphAnsweringTheMeanOfTheirProbabilities() throws Exception {
        ModelVersion version = EnsembleBuilder.build(new EnsembleSpec(null, List.of(first, second), 0.1, data, 0,
                false), repository, "test");

        ModelCard card = version.readCard();
        ModelCard member = repository.find(first).orElseThrow().readCard();
        assertThat(version.ref()).isEqualTo(new ModelRef("character-reader", 3));
        assertThat(card.architecture()).isEqualTo(EnsembleBuilder.ARCHITECTURE);
        assertThat(card.task()).isEqualTo(ModelCard.READS_CHARACTERS);
        assertThat(card.input()).isEqualTo(member.input());
        assertThat(card.outputs()).isEqualTo(member.outputs());
        assertThat(card.metrics()).containsKeys(ModelCard.VAL_CHARACTER_ACCURACY,
                ModelCard.VAL_WHOLE_STRING_ACCURACY);
        assertThat(card.parity().passed()).isTrue();
        assertThat(card.parameterCount()).isEqualTo(member.parameterCount()
                + repository.find(second).orElseThrow().readCard().parameterCount());
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
        float[] one = probabilities(repository.find(first).orElseThrow(), card, cell);
        float[] other = probabilities(repository.find(second).orElseThrow(), card, cell);
        for (int k = 0; k < joined.length; k++) {
            assertThat(joined[k]).isCloseTo((one[k] + other[k]) / 2, within(1e-6f));
        }
    }

    @Test
    void joinsReadersOfWholePhotos() throws Exception {
        ModelVersion version = EnsembleBuilder.build(new EnsembleSpec("number-ensemble", List.of(numbers,
                moreNumbers), 0, data, 0, false), repository, "test");

        ModelCard card = version.readCard();
        ModelCard member = repository.find(numbers).orElseThrow().readCard();
        assertThat(version.ref()).isEqualTo(new ModelRef("number-ensemble", 1));
        assertThat(card.task()).isEqualTo(ModelCard.READS_DIGITS);
        assertThat(card.outputs()).isEqualTo(member.outputs()).hasSize(6);
        assertThat(card.metrics()).containsKeys(ModelCard.VAL_WHOLE_STRING_ACCURACY,
                ModelCard.VAL_CHARACTER_ACCURACY);
        assertThat(card.parity().passed()).isTrue();
        assertThat(card.parity().samples()).isEqualTo(12);
    }

    @Test
    void refusesDetectorsMixedKindsAndAnEnsembleOfOne() {
        assertThatThrownBy(() -> EnsembleBuilder.build(new EnsembleSpec(null, List.of(first, detector), 0, data, 0,
                false), repository, "test"))
                .hasMessageContaining("joins readers of characters or numbers")
                .hasMessageContaining("digit-detector/1 is a 'detect-characters' model");
        assertThatThrownBy(() -> EnsembleBuilder.build(new EnsembleSpec(null, List.of(first, numbers), 0, data, 0,
                false), repository, "test")).hasMessageContaining("number-reader/1 is a 'read-digits' model");
        assertThatThrownBy(() -> EnsembleBuilder.build(new EnsembleSpec(null, List.of(first,
                new ModelRef("character-reader", 9)), 0, data, 0, false), repository, "test"))
                .hasMessageContaining("no model character-reader/9");
        assertThatThrownBy(() -> new EnsembleSpec(null, List.of(first), 0, data, 0, false))
                .hasMessageContaining("at least two --members");
        assertThatThrownBy(() -> new EnsembleSpec(null, List.of(first, second), -0.1, data, 0, false))
                .hasMessageContaining("--digit-margin must be >= 0");
        assertThatThrownBy(() -> EnsembleSpec.parseRef("character-reader"))
                .hasMessageContaining("member 'character-reader' is not name/version");
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
