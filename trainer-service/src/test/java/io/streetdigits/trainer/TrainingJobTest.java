package io.streetdigits.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.ModelPublished;
import io.streetdigits.core.contract.Topics;
import io.streetdigits.core.model.LocatorRef;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.model.ModelVersion;
import io.streetdigits.kafka.broker.KafkaBrokerTestResource;
import io.streetdigits.kafka.broker.TopicRecorder;
import io.streetdigits.trainer.data.Augmentation;
import io.streetdigits.trainer.export.OnnxParityChecker;
import io.streetdigits.trainer.network.DigitCnnConfig;
import io.streetdigits.trainer.network.zoo.ZooSettings;
import io.streetdigits.trainer.training.TrainingOptions;
import io.streetdigits.trainer.training.TrainingSpec;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
                0.3, "digit-locator", ZooSettings.DEFAULT, true);

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

    @Test
    void trainsALocatorARefinerOfItsBoxAndAReaderOfCropsThatNamesThem() throws Exception {
        DigitCnnConfig small = new DigitCnnConfig(16, 32, List.of(8, 16), 32, 0.1, 6);
        ModelVersion locator = runner.run(new TrainingSpec("test-locator", "digit-locator", small,
                GeneratedDataset.dataDir(), 2, 16, 0.005, 0.0, 11, Augmentation.DEFAULT, 0, "street", 0, 0, 0,
                0.3, "unused", ZooSettings.DEFAULT, true), false);
        ModelVersion refiner = runner.run(new TrainingSpec("test-refiner", "digit-refiner", small,
                GeneratedDataset.dataDir(), 2, 16, 0.005, 0.0, 11, Augmentation.WHOLE_PHOTO_LOCATOR_ERRORS, 0,
                "street", 0, 0, 0, 0.5, "test-locator", ZooSettings.DEFAULT, true), false);
        ModelVersion reader = runner.run(new TrainingSpec("test-reader", "digit-reader", small,
                GeneratedDataset.dataDir(), 2, 16, 0.005, 0.0, 11, Augmentation.DEFAULT, 0, "street", 0, 0, 0,
                0.25, "test-refiner", ZooSettings.DEFAULT, true), false);

        ModelCard locatorCard = locator.readCard();
        assertThat(locatorCard.task()).isEqualTo(ModelCard.LOCATES_DIGITS);
        assertThat(locatorCard.outputs()).containsExactly("box");
        assertThat(locatorCard.labels()).isNull();
        assertThat(locatorCard.metrics()).containsKey(ModelCard.VAL_MEAN_IOU);
        assertThat(locatorCard.parity().passed()).isTrue();
        assertThat(locatorCard.locator()).isNull();
        ModelCard refinerCard = refiner.readCard();
        assertThat(refinerCard.architecture()).isEqualTo("digit-refiner");
        assertThat(refinerCard.task()).isEqualTo(ModelCard.LOCATES_DIGITS);
        assertThat(refinerCard.locator()).isEqualTo(new LocatorRef("test-locator", 0.5));
        assertThat(refinerCard.metrics()).containsKey(ModelCard.VAL_MEAN_IOU);
        assertThat(refinerCard.parity().passed()).isTrue();
        ModelCard readerCard = reader.readCard();
        assertThat(readerCard.architecture()).isEqualTo("digit-reader");
        assertThat(readerCard.locator()).isEqualTo(new LocatorRef("test-refiner", 0.25));
        assertThat(readerCard.parity().passed()).isTrue();
    }

    /**
     * Serving reads a box from every locator, so a heat-map locator's card and export look like any other's, with
     * the map's peak after the box.
     */
    @Test
    void trainsAHeatmapLocatorThatPublishesABoxLikeAnyLocatorAndItsPeak() throws Exception {
        ModelVersion locator = runner.run(new TrainingSpec("test-heatmap-locator", "heatmap-locator",
                new DigitCnnConfig(16, 32, List.of(8, 16, 16), 32, 0.1, 6), GeneratedDataset.dataDir(), 2, 16, 0.005,
                0.0, 11, Augmentation.DEFAULT, 0, "street", 16, 0, 0, 0.3, "unused", ZooSettings.DEFAULT, true),
                false);

        ModelCard card = locator.readCard();
        assertThat(card.architecture()).isEqualTo("heatmap-locator");
        assertThat(card.task()).isEqualTo(ModelCard.LOCATES_DIGITS);
        assertThat(card.input().shape()).containsExactly(-1L, 3L, 16L, 32L);
        assertThat(card.outputs()).containsExactly("box", ModelCard.PEAK_OUTPUT);
        assertThat(card.givesPeak()).isTrue();
        assertThat(card.metrics()).containsKey(ModelCard.VAL_MEAN_IOU);
        assertThat(card.parity().passed()).isTrue();
        assertThat(card.locator()).isNull();
        assertThat(card.provenance().hyperParameters()).containsEntry("sceneMosaics", "16");
    }

    @Test
    void trainsACharacterReaderOnEveryCharacterOfTheNumbers() throws Exception {
        ModelCard card = train("--architecture", "character-reader", "--model-name", "test-characters", "--epochs",
                "2", "--batch-size", "16");

        assertThat(card.task()).isEqualTo(ModelCard.READS_CHARACTERS);
        assertThat(card.input().shape()).containsExactly(-1L, 3L, 32L, 32L);
        assertThat(card.outputs()).hasSize(1);
        assertThat(card.labels().positions()).isEqualTo(1);
        assertThat(card.locator()).isEqualTo(new LocatorRef("digit-reader", 0));
        assertThat(card.metrics()).containsKeys(ModelCard.VAL_CHARACTER_ACCURACY, ModelCard.VAL_WHOLE_STRING_ACCURACY);
        assertThat(card.parity().passed()).isTrue();
        // Parity is checked on the characters of the validation images, more than one per image.
        assertThat(card.parity().samples()).isGreaterThan(16);
    }

    @Test
    void trainsACharacterRefinerOnEveryCharacterInACropAroundItsCell() throws Exception {
        ModelCard card = train("--architecture", "character-refiner", "--model-name", "test-character-refiner",
                "--epochs", "2", "--batch-size", "16");

        assertThat(card.task()).isEqualTo(ModelCard.LOCATES_DIGITS);
        assertThat(card.input().shape()).containsExactly(-1L, 3L, 32L, 32L);
        assertThat(card.outputs()).containsExactly("box");
        assertThat(card.locator()).isEqualTo(new LocatorRef("digit-reader", 0.5));
        assertThat(card.metrics()).containsKey(ModelCard.VAL_MEAN_IOU);
        assertThat(card.parity().passed()).isTrue();
        assertThat(card.parity().samples()).isGreaterThan(16);
    }

    @Test
    void trainsAndPublishesKnnAsAnOnnxGraphThatAgreesWithIt() throws Exception {
        ModelCard card = train("--architecture", "knn", "--model-name", "test-knn", "--input-height", "32",
                "--input-width", "64", "--knn-neighbours", "3");

        assertThat(card.architecture()).isEqualTo("knn");
        assertThat(card.outputs()).hasSize(6);
        assertThat(card.parity().passed()).isTrue();
        assertThat(card.parameterCount()).isEqualTo(48L * (16 * 32 + 6));
        assertThat(card.flopsPerImage()).isEqualTo(2L * 16 * 32 * 48);
        assertThat(card.provenance().hyperParameters()).containsEntry("k", "3").containsEntry("distance",
                "euclidean");
        assertThat(card.provenance().peakMemoryBytes()).isPositive();
    }

    /** Trains as the train command would with these options, on the generated images, without announcing. */
    private ModelCard train(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of("--data-dir", GeneratedDataset.dataDir().toString()));
        return runner.run(TrainingOptions.parse(args, config.training()).spec(), false).readCard();
    }
}
