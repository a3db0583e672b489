package io.streetdigits.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetdigits.core.model.ModelCard;
import io.streetdigits.trainer.TrainerConfig;
import io.streetdigits.trainer.data.Augmentation;
import io.streetdigits.trainer.network.DigitDetector;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrainingOptionsTest {

    private static final TrainerConfig.Training DEFAULTS = new TrainerConfig.Training() {
        public Path dataDir() { return Path.of("data"); }
        public Optional<String> modelName() { return Optional.empty(); }
        public int epochs() { return 30; }
        public int batchSize() { return 64; }
        public double learningRate() { return 0.002; }
        public double weightDecay() { return 0.0005; }
        public long seed() { return 42; }
        public int syntheticImages() { return 0; }
        public String syntheticStyle() { return "street"; }
        public int trainLimit() { return 0; }
        public int valLimit() { return 0; }
        public int holdOut() { return 0; }
        public Path checkpointsDir() { return Path.of("target/checkpoints"); }
        public boolean announce() { return true; }
        public String codeVersion() { return "unknown"; }
    };

    @Test
    void optionsOverrideTheConfiguredDefaultsOneByOne() {
        TrainingOptions.Parsed parsed = TrainingOptions.parse(List.of("--epochs", "3", "--synthetic-images=500",
                "--data-dir", "/tmp/mchar", "--announce", "false"), DEFAULTS);

        assertThat(parsed.spec().epochs()).isEqualTo(3);
        assertThat(parsed.spec().syntheticImages()).isEqualTo(500);
        assertThat(parsed.spec().dataRoot()).isEqualTo(Path.of("/tmp/mchar"));
        assertThat(parsed.spec().batchSize()).isEqualTo(64);
        assertThat(parsed.spec().network().inputWidth()).isEqualTo(96);
        assertThat(parsed.announce()).isFalse();
        assertThat(parsed.spec().modelName()).isEqualTo("digit-cnn");
    }

    @Test
    void syntheticImagesAreDrawnInTheNamedStyleWhichTheCardRecords() {
        TrainingSpec street = TrainingOptions.parse(List.of("--synthetic-images", "100"), DEFAULTS).spec();
        TrainingSpec plain = TrainingOptions.parse(List.of("--synthetic-images", "100", "--synthetic-style",
                "plain"), DEFAULTS).spec();

        assertThat(street.hyperParameters()).containsEntry("syntheticStyle", "street");
        assertThat(plain.hyperParameters()).containsEntry("syntheticStyle", "plain");
        assertThat(TrainingOptions.parse(List.of(), DEFAULTS).spec().hyperParameters())
                .containsEntry("syntheticImages", "0").doesNotContainKey("syntheticStyle");
        assertThatThrownBy(() -> TrainingOptions.parse(List.of("--synthetic-style", "fancy"), DEFAULTS))
                .hasMessageContaining("synthetic style 'fancy' is not one of [plain, street]");
    }

    @Test
    void aZooArchitectureClassifiesCharactersBehindTheDefaultPipelineUnderItsOwnNameWithItsSettings() {
        TrainingOptions.Parsed parsed = TrainingOptions.parse(List.of("--architecture", "vgg16", "--width", "0.5",
                "--epochs", "4"), DEFAULTS);
        TrainingSpec spec = parsed.spec();

        assertThat(spec.modelName()).isEqualTo("vgg16");
        assertThat(spec.task().cardTask()).isEqualTo(ModelCard.READS_CHARACTERS);
        assertThat(spec.task().runsBehind()).isEqualTo("house-number");
        assertThat(spec.network().inputHeight()).isEqualTo(32);
        assertThat(spec.network().inputWidth()).isEqualTo(32);
        assertThat(spec.network().positions()).isEqualTo(1);
        assertThat(spec.augmentation()).isEqualTo(Augmentation.CHARACTERS);
        assertThat(spec.hyperParameters()).containsEntry("width", "0.5").containsEntry("digitMargin", "0.0")
                .doesNotContainKey("convChannels").doesNotContainKey("mlpHidden");
        assertThat(spec.command()).isEqualTo("./streetdigits train --architecture vgg16 --width 0.5 --epochs 4");
        assertThat(TrainingOptions.parse(List.of("--architecture", "resnet18"), DEFAULTS).spec().zoo().width())
                .as("the descriptor's default width").isEqualTo(0.25);
        assertThat(TrainingOptions.parse(List.of("--architecture", "mlp"), DEFAULTS).spec().zoo().mlpHidden())
                .as("the course's MLP").containsExactly(4096, 4096);
        assertThat(TrainingOptions.parse(List.of("--architecture", "mlp", "--mlp-hidden", "64, 32"), DEFAULTS)
                .spec().zoo().mlpHidden()).containsExactly(64, 32);
        assertThatThrownBy(() -> TrainingOptions.parse(List.of("--architecture", "knn", "--knn-distance", "manhattan"),
                DEFAULTS)).hasMessageContaining("knn distance 'manhattan' is not one of [euclidean, cosine]");
        assertThatThrownBy(() -> TrainingOptions.parse(List.of("--architecture", "lenet"), DEFAULTS))
                .hasMessageContaining("architecture 'lenet' is not one of").hasMessageContaining("lenet5");
    }

    @Test
    void aSettingTheArchitectureDoesNotHaveIsRefusedNamingThoseThatHaveIt() {
        assertThatThrownBy(() -> TrainingOptions.parse(List.of("--architecture", "lenet5", "--width", "0.5"),
                DEFAULTS)).hasMessageContaining("option --width is not a setting of lenet5")
                .hasMessageContaining("resnet18").hasMessageNotContaining("softmax");
        assertThatThrownBy(() -> TrainingOptions.parse(List.of("--architecture", "digit-cnn", "--knn-neighbours",
                "3"), DEFAULTS)).hasMessageContaining("option --knn-neighbours is not a setting of digit-cnn");
    }

    @Test
    void aDetectorDefaultsToItsOwnInputAndNetworkAndToCropsOfWholePhotos() {
        TrainingSpec spec = TrainingOptions.parse(List.of("--architecture", "digit-detector", "--hold-out", "200"),
                DEFAULTS).spec();

        assertThat(spec.task().cardTask()).isEqualTo(ModelCard.DETECTS_CHARACTERS);
        assertThat(spec.network()).isEqualTo(DigitDetector.DEFAULT_NETWORK);
        assertThat(spec.augmentation()).isEqualTo(Augmentation.WHOLE_PHOTOS);
        assertThat(spec.holdOut()).isEqualTo(200);
        assertThat(spec.hyperParameters()).containsEntry("holdOut", "200").containsEntry("inputHeight", "64")
                .containsEntry("inputWidth", "128");
    }

    @Test
    void aCharacterReaderDefaultsToSquaresOfOneDigit() {
        TrainingSpec spec = TrainingOptions.parse(List.of("--architecture", "character-reader"), DEFAULTS).spec();

        assertThat(spec.network().inputHeight()).isEqualTo(32);
        assertThat(spec.network().inputWidth()).isEqualTo(32);
        assertThat(spec.network().positions()).isEqualTo(1);
        assertThat(spec.digitMargin()).isZero();
        assertThat(spec.augmentation()).isEqualTo(Augmentation.CELL_ERRORS);
        TrainingSpec wider = TrainingOptions.parse(List.of("--architecture", "character-reader", "--input-width",
                "48", "--digit-margin", "0.1"), DEFAULTS).spec();
        assertThat(wider.network().inputWidth()).isEqualTo(48);
        assertThat(wider.hyperParameters()).containsEntry("digitMargin", "0.1");
    }

    @Test
    void cropJitterReplacesTheArchitecturesPresetAndIsRecordedOnTheCard() {
        TrainingSpec spec = TrainingOptions.parse(List.of("--architecture", "digit-cnn", "--crop-jitter",
                "0.25, 0.7,1.8"), DEFAULTS).spec();

        assertThat(spec.augmentation()).isEqualTo(new Augmentation(0.25, 0.7, 1.8, 0.25));
        assertThat(spec.hyperParameters().get("augmentation")).contains("maxShift=0.25", "maxScale=1.8");
        assertThatThrownBy(() -> TrainingOptions.parse(List.of("--crop-jitter", "0.25,0.7"), DEFAULTS))
                .hasMessageContaining("option --crop-jitter cannot take '0.25,0.7'")
                .hasMessageContaining("SHIFT,MIN_SCALE,MAX_SCALE");
        assertThatThrownBy(() -> TrainingOptions.parse(List.of("--crop-jitter", "0.2,1.5,1.0"), DEFAULTS))
                .hasMessageContaining("invalid augmentation");
    }

    @Test
    void unknownOptionsAndBadValuesAreRefusedByName() {
        assertThatThrownBy(() -> TrainingOptions.parse(List.of("--epoch", "3"), DEFAULTS))
                .hasMessageContaining("unknown option '--epoch'").hasMessageContaining("--epochs");
        assertThatThrownBy(() -> TrainingOptions.parse(List.of("--epochs", "many"), DEFAULTS))
                .hasMessageContaining("option --epochs cannot take 'many'");
        assertThatThrownBy(() -> TrainingOptions.parse(List.of("--epochs", "0"), DEFAULTS))
                .hasMessageContaining("epochs and batch size must be >= 1");
    }
}
