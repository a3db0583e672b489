package io.streetdigits.trainer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.util.Optional;

/** Defaults of a training run; the {@code train} command's options override them one by one. */
@ConfigMapping(prefix = "streetdigits")
public interface TrainerConfig {

    /** The model repository training publishes into. */
    @WithName("models.dir")
    @WithDefault("models")
    Path modelsDir();

    @WithName("topics.model-events")
    @WithDefault("model-events")
    String modelEventsTopic();

    /** Where training jobs started over REST report their progress. */
    @WithName("topics.training-progress")
    @WithDefault("training-progress")
    String trainingProgressTopic();

    Training training();

    interface Training {
        /** Folder with train/, train.json, val/, val.json (the competition layout). */
        @WithDefault("../shared/data/mchar")
        Path dataDir();

        /** The name to publish under; unset, the architecture's name. */
        Optional<String> modelName();

        @WithDefault("30")
        int epochs();

        @WithDefault("64")
        int batchSize();

        @WithDefault("0.002")
        double learningRate();

        @WithDefault("0.0005")
        double weightDecay();

        @WithDefault("42")
        long seed();

        /** Generated house numbers added to the real training images. */
        @WithDefault("0")
        int syntheticImages();

        /** How they are drawn: {@code street} (perspective, clutter, JPEG) or {@code plain}. */
        @WithDefault("street")
        String syntheticStyle();

        /** Use only the first N real training images; 0 = all. */
        @WithDefault("0")
        int trainLimit();

        /**
         * Judge epochs on the last N real training images, held out of training, instead of on the validation
         * split; 0 = on the validation split.
         */
        @WithDefault("0")
        int holdOut();

        /** Where runs save a checkpoint after each epoch, one folder per model name; {@code --resume} reads it. */
        @WithDefault(".streetdigits/checkpoints")
        Path checkpointsDir();

        /** Use only the first N validation images; 0 = all. */
        @WithDefault("0")
        int valLimit();

        /** Announce published models on the model-events topic. */
        @WithDefault("true")
        boolean announce();

        /** The source revision recorded in model cards; the launcher sets it from git. */
        @WithDefault("unknown")
        String codeVersion();
    }
}
