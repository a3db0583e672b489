package io.streetdigits.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.ModelPublished;
import io.streetdigits.core.contract.Topics;
import io.streetdigits.core.detection.CharacterMaps;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.model.ModelVersion;
import io.streetdigits.kafka.broker.KafkaBrokerTestResource;
import io.streetdigits.kafka.broker.TopicRecorder;
import io.streetdigits.trainer.data.Augmentation;
import io.streetdigits.trainer.export.OnnxParityChecker;
import io.streetdigits.trainer.network.DigitCnnConfig;
import io.streetdigits.trainer.network.zoo.ZooSettings;
import io.streetdigits.trainer.training.EpochReport;
import io.streetdigits.trainer.training.TrainingOptions;
import io.streetdigits.trainer.training.TrainingProgress;
import io.streetdigits.trainer.training.TrainingSpec;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A whole training job on generated images: train, export with parity, publish, announce on a real broker. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(GeneratedDataset.class)
class TrainingJobTest {

    @Inject
    TrainingJobRunner runner;

    @Inject
    TrainerConfig config;

    @Test
    void trainsExportsWithParityPublishesAndAnnouncesAModel() throws Exception {
        TrainingSpec spec = new TrainingSpec("test-cnn", "digit-cnn", new DigitCnnConfig(16, 32, List.of(8, 16), 32,
                0.1, 6), GeneratedDataset.dataDir(), 2, 16, 0.005, 0.0, 11, Augmentation.DEFAULT, 8, "street", 0, 0, 0,
                0, new ZooSettings(1, ZooSettings.COURSE_MLP, 5, "euclidean"), true, 0, null);

        ModelVersion version = runner.run(spec, true);

        assertThat(version.directory()).isEqualTo(GeneratedDataset.modelsDir().resolve("test-cnn/1"));
        assertThat(Files.size(version.onnxFile())).isPositive();
        ModelCard card = version.readCard();
        assertThat(card.version()).isEqualTo(1);
        assertThat(card.input().shape()).containsExactly(-1L, 3L, 16L, 32L);
        assertThat(card.outputs()).hasSize(6);
        assertThat(card.parity().passed()).isTrue();
        assertThat(card.parity().maxAbsDifference()).isLessThanOrEqualTo(OnnxParityChecker.TOLERANCE);
        assertThat(card.parity().samples()).isEqualTo(16);
        assertThat(card.metrics()).containsKeys(ModelCard.VAL_WHOLE_STRING_ACCURACY, ModelCard.VAL_CHARACTER_ACCURACY);
        assertThat(card.parameterCount()).isPositive();
        assertThat(card.provenance().epochs()).isEqualTo(2);
        assertThat(card.provenance().seed()).isEqualTo(11);
        assertThat(card.provenance().trainImages()).isEqualTo(48 + 8);
        assertThat(card.provenance().valImages()).isEqualTo(16);
        assertThat(card.provenance().hyperParameters()).containsEntry("learningRate", "0.005")
                .containsEntry("syntheticImages", "8").containsEntry("syntheticStyle", "street");

        try (TopicRecorder events = new TopicRecorder(KafkaBrokerTestResource.bootstrapServers(),
                Topics.MODEL_EVENTS)) {
            ModelPublished event = ContractJson.read(TopicRecorder.text(events.awaitKey("test-cnn",
                    Duration.ofSeconds(30))), ModelPublished.class);
            assertThat(event.model()).isEqualTo(version.ref());
            assertThat(event.location()).isEqualTo("test-cnn/1");
            assertThat(event.metrics()).isEqualTo(card.metrics());
        }
    }

    /**
     * The detector publishes the two maps serving decodes, judged on training photos held out of its training, and
     * records the threshold that read them best.
     */
    @Test
    void trainsADetectorJudgedOnHeldOutTrainingPhotos() throws Exception {
        ModelCard card = train("--architecture", "digit-detector", "--model-name", "test-detector", "--epochs", "2",
                "--batch-size", "16", "--input-height", "32", "--input-width", "64", "--hold-out", "8",
                "--scene-mosaics", "8");

        assertThat(card.task()).isEqualTo(ModelCard.DETECTS_CHARACTERS);
        assertThat(card.input().shape()).containsExactly(-1L, 3L, 32L, 64L);
        assertThat(card.outputs()).containsExactly(CharacterMaps.CLASS_OUTPUT, CharacterMaps.SIZE_OUTPUT);
        assertThat(card.labels()).isNull();
        assertThat(card.metrics()).containsKeys(ModelCard.VAL_WHOLE_STRING_ACCURACY, ModelCard.BEST_THRESHOLD);
        assertThat(card.parity().passed()).isTrue();
        assertThat(card.provenance().valImages()).isEqualTo(8);
        assertThat(card.provenance().trainImages()).isEqualTo(40 + 8);
        assertThat(card.provenance().hyperParameters()).containsEntry("holdOut", "8")
                .containsEntry("sceneMosaics", "8");
    }

    /** A run broken off after its first epoch goes on from its checkpoint, not from the start. */
    @Test
    void aBrokenRunResumesFromTheCheckpointOfItsLastEpoch() throws Exception {
        TrainingSpec spec = TrainingOptions.parse(List.of("--architecture", "digit-detector", "--model-name",
                "test-resumed", "--epochs", "2", "--batch-size", "16", "--input-height", "32", "--input-width", "64",
                "--hold-out", "8", "--data-dir", GeneratedDataset.dataDir().toString()), config.training()).spec();
        AtomicBoolean secondEpoch = new AtomicBoolean();
        TrainingProgress breakInSecond = new TrainingProgress() {
            @Override
            public void batchDone(int epoch, int epochs, int batch, int batches, double loss) {
                secondEpoch.compareAndSet(false, epoch == 2);
            }
        };
        assertThatThrownBy(() -> runner.run(spec, false, false, breakInSecond, secondEpoch::get))
                .isInstanceOf(CancellationException.class);

        List<Integer> epochsTrained = new ArrayList<>();
        TrainingProgress record = new TrainingProgress() {
            @Override
            public void epochDone(EpochReport report) {
                epochsTrained.add(report.epoch());
            }
        };
        ModelVersion resumed = runner.run(spec, false, true, record, () -> false);

        assertThat(epochsTrained).containsExactly(2);
        assertThat(resumed.readCard().provenance().epochs()).isEqualTo(2);
        TrainingSpec other = TrainingOptions.parse(List.of("--architecture", "digit-detector", "--model-name",
                "test-resumed", "--epochs", "3", "--input-height", "32", "--input-width", "64", "--data-dir",
                GeneratedDataset.dataDir().toString()), config.training()).spec();
        assertThatThrownBy(() -> runner.run(other, false, true, TrainingProgress.NONE, () -> false))
                .hasMessageContaining("--resume", "test-resumed", "epochs=2");
    }

    @Test
    void trainsACharacterReaderOnEveryCharacterOfTheNumbers() throws Exception {
        ModelCard card = train("--architecture", "character-reader", "--model-name", "test-characters", "--epochs",
                "2", "--batch-size", "16");

        assertThat(card.task()).isEqualTo(ModelCard.READS_CHARACTERS);
        assertThat(card.input().shape()).containsExactly(-1L, 3L, 32L, 32L);
        assertThat(card.outputs()).hasSize(1);
        assertThat(card.labels().positions()).isEqualTo(1);
        assertThat(card.metrics()).containsKeys(ModelCard.VAL_CHARACTER_ACCURACY, ModelCard.VAL_WHOLE_STRING_ACCURACY);
        assertThat(card.parity().passed()).isTrue();
        // Parity is checked on the characters of the validation images, more than one per image.
        assertThat(card.parity().samples()).isGreaterThan(16);
    }

    @Test
    void trainsAndPublishesKnnAsAnOnnxGraphThatAgreesWithIt() throws Exception {
        ModelCard card = train("--architecture", "knn", "--model-name", "test-knn", "--knn-neighbours", "3");

        assertThat(card.architecture()).isEqualTo("knn");
        assertThat(card.task()).isEqualTo(ModelCard.READS_CHARACTERS);
        assertThat(card.runsBehind()).isEqualTo("house-number");
        assertThat(card.outputs()).hasSize(1);
        assertThat(card.parity().passed()).isTrue();
        // One exemplar per training character: 16x16 grey features and its class.
        long exemplars = card.parameterCount() / (16 * 16 + 1);
        assertThat(card.parameterCount()).isEqualTo(exemplars * (16 * 16 + 1));
        assertThat(exemplars).isGreaterThan(48);
        assertThat(card.flopsPerImage()).isEqualTo(2L * 16 * 16 * exemplars);
        assertThat(card.provenance().hyperParameters()).containsEntry("k", "3").containsEntry("distance",
                "euclidean");
        assertThat(card.provenance().command()).startsWith("./streetdigits train --architecture knn --model-name"
                + " test-knn --knn-neighbours 3 --data-dir ");
        assertThat(card.provenance().peakMemoryBytes()).isPositive();
    }

    @Test
    void trainsAZooClassifierOfCharactersThatReadsBehindTheDefaultPipeline() throws Exception {
        ModelCard card = train("--architecture", "lenet5", "--model-name", "test-lenet5", "--epochs", "1",
                "--batch-size", "16");

        assertThat(card.architecture()).isEqualTo("lenet5");
        assertThat(card.task()).isEqualTo(ModelCard.READS_CHARACTERS);
        assertThat(card.runsBehind()).isEqualTo("house-number");
        assertThat(card.input().shape()).containsExactly(-1L, 3L, 32L, 32L);
        assertThat(card.outputs()).hasSize(1);
        assertThat(card.parity().passed()).isTrue();
        assertThat(card.metrics()).containsKey(ModelCard.VAL_CHARACTER_ACCURACY);
        assertThat(card.provenance().command()).contains("--architecture lenet5");
    }

    /** Trains as the train command would with these options, on the generated images, without announcing. */
    private ModelCard train(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of("--data-dir", GeneratedDataset.dataDir().toString()));
        return runner.run(TrainingOptions.parse(args, config.training()).spec(), false).readCard();
    }
}
