package io.streetdigits.trainer.architecture;

import io.streetdigits.trainer.data.Augmentation;
import io.streetdigits.trainer.network.DigitCnnConfig;
import io.streetdigits.trainer.training.Learning;
import io.streetdigits.trainer.training.TrainingSpec;
import java.util.Objects;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Everything the trainer knows of one architecture, declared once and listed in {@link Architectures}: what it
 * learns, its defaults, the pipeline it serves behind, how its network is built and which settings are its own.
 *
 * @param name       the name {@code --architecture} takes and model cards record
 * @param learning   what it learns and how it is judged
 * @param defaults   its input size, augmentation and width unless a run says otherwise
 * @param runsBehind for a classifier of single characters: the pipeline it reads behind when served by its own
 *                   name (its card says so); null for models that read photos themselves
 * @param builder    builds its network; null for {@code knn}, which stores exemplars and has no network to train
 * @param settings   the settings of its own that a run may give and its card records
 */
public record Architecture(String name, Learning learning, Defaults defaults, String runsBehind,
        NetworkBuilder builder, Set<Setting> settings) {

    /**
     * The default reading: the pipeline the classifiers of characters read behind, and what {@code evaluate} reads
     * unless told otherwise.
     */
    public static final String DEFAULT_PIPELINE = "house-number";

    /** Builds a run's network from its spec. */
    @FunctionalInterface
    public interface NetworkBuilder {
        ComputationGraph build(TrainingSpec spec, IUpdater updater);
    }

    /**
     * @param network      input size, output positions and, for the digit CNN trunk, its layers
     * @param augmentation how training crops vary
     * @param width        the default multiplier of the papers' channel and unit counts, where
     *                     {@link Setting#WIDTH} is a setting of the architecture; else 1
     */
    public record Defaults(DigitCnnConfig network, Augmentation augmentation, double width) {
    }

    /** A setting some architectures have and others do not. */
    public enum Setting {
        /** {@code --width}: multiplies the paper's channels and units. */
        WIDTH,
        /** {@code --mlp-hidden}: the hidden layers' units. */
        MLP_HIDDEN,
        /** {@code --knn-neighbours} and {@code --knn-distance}. */
        NEIGHBOURS,
        /** The digit CNN trunk's convolution channels, hidden units and dropout. */
        CNN_LAYERS,
        /** {@code --digit-margin}: the room around each character's box. */
        DIGIT_MARGIN
    }

    public Architecture {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(learning, "learning");
        Objects.requireNonNull(defaults, "defaults");
        settings = Set.copyOf(settings);
    }

    /** Whether it trains a network by gradient descent (everything but kNN). */
    public boolean hasNetwork() {
        return builder != null;
    }

    public boolean has(Setting setting) {
        return settings.contains(setting);
    }
}
