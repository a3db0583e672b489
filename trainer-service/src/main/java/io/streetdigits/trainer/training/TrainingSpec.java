package io.streetdigits.trainer.training;

import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.synthetic.GeneratorSettings;
import io.streetdigits.trainer.architecture.Architecture;
import io.streetdigits.trainer.architecture.Architecture.Setting;
import io.streetdigits.trainer.architecture.Architectures;
import io.streetdigits.trainer.data.Augmentation;
import io.streetdigits.trainer.data.SceneMosaics;
import io.streetdigits.trainer.network.DigitCnnConfig;
import io.streetdigits.trainer.network.zoo.ZooSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one training run needs to know, recorded in the model card's provenance.
 *
 * @param modelName       the name to publish under
 * @param architecture    one of {@link Architectures#names()}: {@code digit-detector} (finds and reads every
 *                        character of a photo), {@code digit-cnn} (reads whole photos), {@code character-reader} or
 *                        one of the course's zoo ({@code knn}, {@code softmax}, ..., {@code resnet18}; each classifies
 *                        one character in a square around its box)
 * @param network         the input size and positions of every architecture; the digit CNN trunk's layers
 * @param dataRoot        the folder holding {@code train/}, {@code train.json}, {@code val/}, {@code val.json}
 * @param epochs          passes over the training images
 * @param batchSize       images per step
 * @param learningRate    Adam's initial learning rate, decayed linearly to zero over the run
 * @param weightDecay     decoupled weight decay
 * @param seed            seeds initialisation, shuffling, augmentation and synthetic images
 * @param augmentation    random crops and colour jitter of training images
 * @param syntheticImages generated house numbers added to the real training images
 * @param syntheticStyle  how they are drawn: a name in {@link GeneratorSettings#STYLES}
 * @param sceneMosaics    real training photos shrunk into wider scenes ({@link SceneMosaics}) added to them
 * @param trainLimit      use only the first this many real training images (0 = all)
 * @param valLimit        use only the first this many validation images (0 = all)
 * @param digitMargin     for a character reader: the room around each character's box, as a fraction of its height
 * @param zoo             the settings only some architectures have ({@link Architecture.Setting})
 * @param oneDnn          train with DL4J's oneDNN layer helpers (off only to measure what they are worth)
 * @param holdOut         judge each epoch (and choose what a run chooses, such as a detector's threshold) on the
 *                        last this many real training images, held out of training, rather than on the validation
 *                        split, which then stays unseen for the figure a model reports (0 = judge on validation)
 * @param command         the command line that asked for this run, for the model card; null where there was none
 */
public record TrainingSpec(String modelName, String architecture, DigitCnnConfig network, Path dataRoot, int epochs,
        int batchSize, double learningRate, double weightDecay, long seed, Augmentation augmentation,
        int syntheticImages, String syntheticStyle, int sceneMosaics, int trainLimit, int valLimit, double digitMargin,
        ZooSettings zoo, boolean oneDnn, int holdOut, String command) {

    public TrainingSpec {
        ModelRepository.requireValidName(modelName);
        Architectures.named(architecture);
        if (!(digitMargin >= 0)) {
            throw new IllegalArgumentException("the digit margin must be >= 0, was " + digitMargin);
        }
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(dataRoot, "dataRoot");
        Objects.requireNonNull(augmentation, "augmentation");
        Objects.requireNonNull(zoo, "zoo");
        GeneratorSettings.style(syntheticStyle);
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("epochs and batch size must be >= 1, were " + epochs + ", " + batchSize);
        }
        if (!(learningRate > 0) || weightDecay < 0) {
            throw new IllegalArgumentException("learning rate must be > 0 and weight decay >= 0, were "
                    + learningRate + ", " + weightDecay);
        }
        if (syntheticImages < 0 || sceneMosaics < 0 || trainLimit < 0 || valLimit < 0 || holdOut < 0) {
            throw new IllegalArgumentException("image counts must not be negative");
        }
    }

    /** The architecture's descriptor. */
    public Architecture descriptor() {
        return Architectures.named(architecture);
    }

    /** What this run trains and how it is judged. */
    public TrainingTask task() {
        return new TrainingTask(this);
    }

    private void putSynthetic(Map<String, String> values) {
        values.put("syntheticImages", Integer.toString(syntheticImages));
        if (syntheticImages > 0) {
            values.put("syntheticStyle", syntheticStyle);
        }
    }

    /** The settings as text, for the model card: the input, the architecture's own settings, then the training's. */
    public Map<String, String> hyperParameters() {
        Architecture descriptor = descriptor();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("inputHeight", Integer.toString(network.inputHeight()));
        values.put("inputWidth", Integer.toString(network.inputWidth()));
        if (descriptor.has(Setting.WIDTH)) {
            values.put("width", Double.toString(zoo.width()));
        }
        if (descriptor.has(Setting.MLP_HIDDEN)) {
            values.put("mlpHidden", zoo.mlpHidden().toString());
        }
        if (descriptor.has(Setting.NEIGHBOURS)) {
            values.put("k", Integer.toString(zoo.knnNeighbours()));
            values.put("distance", zoo.knnDistance());
        }
        if (descriptor.has(Setting.CNN_LAYERS)) {
            values.put("convChannels", network.convChannels().toString());
            values.put("hiddenUnits", Integer.toString(network.hiddenUnits()));
            values.put("dropout", Double.toString(network.dropout()));
        }
        if (descriptor.has(Setting.DIGIT_MARGIN)) {
            values.put("digitMargin", Double.toString(digitMargin));
        }
        putSynthetic(values);
        if (holdOut > 0) {
            values.put("holdOut", Integer.toString(holdOut));
        }
        if (!descriptor.hasNetwork()) {
            return values;
        }
        values.put("oneDnn", Boolean.toString(oneDnn));
        values.put("learningRate", Double.toString(learningRate));
        values.put("learningRateSchedule", "linear decay to 0");
        values.put("weightDecay", Double.toString(weightDecay));
        values.put("optimizer", "Adam");
        values.put("augmentation", augmentation.toString());
        if (sceneMosaics > 0) {
            values.put("sceneMosaics", Integer.toString(sceneMosaics));
        }
        return values;
    }
}
