package io.streetdigits.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetdigits.trainer.TrainerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingOptionsTest {

    private static final TrainerConfig.Training DEFAULTS = new TrainerConfig.Training() {
        public Path dataDir() { return Path.of("data"); }
        public String modelName() { return "digit-cnn"; }
        public int epochs() { return 30; }
        public int batchSize() { return 64; }
        public double learningRate() { return 0.002; }
        public double weightDecay() { return 0.0005; }
        public long seed() { return 42; }
        public int inputHeight() { return 48; }
        public int inputWidth() { return 96; }
        public int syntheticImages() { return 0; }
        public int trainLimit() { return 0; }
        public int valLimit() { return 0; }
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
