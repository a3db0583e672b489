package io.streetdigits.trainer.training;

import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.trainer.data.Augmentation;
import io.streetdigits.trainer.network.DigitCnnConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one training run needs to know, recorded in the model card's provenance.
 *
 * @param modelName       the name to publish under
 * @param network         the network's shape
 * @param dataRoot        the folder holding {@code train/}, {@code train.json}, {@code val/}, {@code val.json}
 * @param epochs          passes over the training images
 * @param batchSize       images per step
 * @param learningRate    Adam's initial learning rate, decayed linearly to zero over the run
 * @param weightDecay     decoupled weight decay
 * @param seed            seeds initialisation, shuffling, augmentation and synthetic images
 * @param augmentation    random crops and colour jitter of training images
 * @param syntheticImages generated house numbers added to the real training images
 * @param trainLimit      use only the first this many real training images (0 = all)
 * @param valLimit        use only the first this many validation images (0 = all)
 */
public record TrainingSpec(String modelName, DigitCnnConfig network, Path dataRoot, int epochs, int batchSize,
        double learningRate, double weightDecay, long seed, Augmentation augmentation, int syntheticImages,
        int trainLimit, int valLimit) {

    public TrainingSpec {
        ModelRepository.requireValidName(modelName);
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(dataRoot, "dataRoot");
        Objects.requireNonNull(augmentation, "augmentation");
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("epochs and batch size must be >= 1, were " + epochs + ", " + batchSize);
        }
        if (!(learningRate > 0) || weightDecay < 0) {
            throw new IllegalArgumentException("learning rate must be > 0 and weight decay >= 0, were "
                    + learningRate + ", " + weightDecay);
        }
        if (syntheticImages < 0 || trainLimit < 0 || valLimit < 0) {
            throw new IllegalArgumentException("image counts must not be negative");
        }
    }

    /** The settings as text, for the model card. */
    public Map<String, String> hyperParameters() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("inputHeight", Integer.toString(network.inputHeight()));
        values.put("inputWidth", Integer.toString(network.inputWidth()));
        values.put("convChannels", network.convChannels().toString());
        values.put("hiddenUnits", Integer.toString(network.hiddenUnits()));
        values.put("dropout", Double.toString(network.dropout()));
        values.put("learningRate", Double.toString(learningRate));
        values.put("learningRateSchedule", "linear decay to 0");
        values.put("weightDecay", Double.toString(weightDecay));
        values.put("optimizer", "Adam");
        values.put("augmentation", augmentation.toString());
        values.put("syntheticImages", Integer.toString(syntheticImages));
        return values;
    }
}
