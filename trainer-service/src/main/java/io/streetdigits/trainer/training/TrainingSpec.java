package io.streetdigits.trainer.training;

import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.trainer.data.Augmentation;
import io.streetdigits.trainer.network.DigitCnnConfig;
import java.nio.file.Path;
import io.streetdigits.trainer.network.DigitCnn;
import io.streetdigits.trainer.network.DigitLocator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one training run needs to know, recorded in the model card's provenance.
 *
 * @param modelName       the name to publish under
 * @param architecture    {@code digit-cnn} (reads whole photos), {@code digit-reader} (reads tight crops around
 *                        the digits) or {@code digit-locator} (finds the digits)
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
 * @param digitMargin     for a reader of crops: the crop's margin around the digits, as a fraction of their height
 * @param locator         for a reader of crops: the name of the locator model that finds the digits in serving
 */
public record TrainingSpec(String modelName, String architecture, DigitCnnConfig network, Path dataRoot, int epochs,
        int batchSize, double learningRate, double weightDecay, long seed, Augmentation augmentation,
        int syntheticImages, int trainLimit, int valLimit, double digitMargin, String locator) {

    public static final List<String> ARCHITECTURES = List.of(DigitCnn.ARCHITECTURE, ReadingTask.READER,
            DigitLocator.ARCHITECTURE);

    public TrainingSpec {
        ModelRepository.requireValidName(modelName);
        if (!ARCHITECTURES.contains(architecture)) {
            throw new IllegalArgumentException("architecture '" + architecture + "' is not one of " + ARCHITECTURES);
        }
        if (architecture.equals(ReadingTask.READER)) {
            ModelRepository.requireValidName(locator);
            if (!(digitMargin >= 0)) {
                throw new IllegalArgumentException("a digit reader needs a digit margin >= 0, was " + digitMargin);
            }
        }
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

    /** What this run trains and how it is judged. */
    public TrainingTask task() {
        return architecture.equals(DigitLocator.ARCHITECTURE) ? new LocatingTask(this) : new ReadingTask(this);
    }

    /** The crop margin the reader uses, or -1 (whole photos) for the others. */
    public double readerMargin() {
        return architecture.equals(ReadingTask.READER) ? digitMargin : -1;
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
        if (architecture.equals(ReadingTask.READER)) {
            values.put("digitMargin", Double.toString(digitMargin));
            values.put("locator", locator);
        }
        return values;
    }
}
