package io.streetdigits.trainer.training;

import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.synthetic.GeneratorSettings;
import io.streetdigits.trainer.data.Augmentation;
import io.streetdigits.trainer.data.SceneMosaics;
import io.streetdigits.trainer.network.DigitCnn;
import io.streetdigits.trainer.network.DigitCnnConfig;
import io.streetdigits.trainer.network.DigitDetector;
import io.streetdigits.trainer.network.zoo.Zoo;
import io.streetdigits.trainer.network.zoo.ZooSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Everything one training run needs to know, recorded in the model card's provenance.
 *
 * @param modelName       the name to publish under
 * @param architecture    {@code digit-detector} (finds and reads every character of a photo), {@code digit-cnn}
 *                        (reads whole photos), {@code character-reader} (reads one character in a square around
 *                        its box), or one of the course's zoo ({@link Zoo#architectures()}: {@code knn},
 *                        {@code softmax}, {@code mlp}, ...; whole photos)
 * @param network         the input size and positions of every architecture; the digit CNN's layers
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
 * @param zoo             the settings of the zoo's architectures
 * @param oneDnn          train with DL4J's oneDNN layer helpers (off only to measure what they are worth)
 * @param holdOut         judge each epoch (and choose what a run chooses, such as a detector's threshold) on the
 *                        last this many real training images, held out of training, rather than on the validation
 *                        split, which then stays unseen for the figure a model reports (0 = judge on validation)
 */
public record TrainingSpec(String modelName, String architecture, DigitCnnConfig network, Path dataRoot, int epochs,
        int batchSize, double learningRate, double weightDecay, long seed, Augmentation augmentation,
        int syntheticImages, String syntheticStyle, int sceneMosaics, int trainLimit, int valLimit, double digitMargin,
        ZooSettings zoo, boolean oneDnn, int holdOut) {

    public static final List<String> ARCHITECTURES = Stream.concat(Stream.of(DigitDetector.ARCHITECTURE,
            DigitCnn.ARCHITECTURE, CharacterTask.ARCHITECTURE),
            Zoo.architectures().stream())
            .toList();

    public TrainingSpec {
        ModelRepository.requireValidName(modelName);
        if (!ARCHITECTURES.contains(architecture)) {
            throw new IllegalArgumentException("architecture '" + architecture + "' is not one of " + ARCHITECTURES);
        }
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

    /** What this run trains and how it is judged. */
    public TrainingTask task() {
        if (architecture.equals(CharacterTask.ARCHITECTURE)) {
            return new CharacterTask(this);
        }
        if (architecture.equals(DigitDetector.ARCHITECTURE)) {
            return new DetectingTask(this);
        }
        return new ReadingTask(this);
    }

    public boolean isKnn() {
        return architecture.equals(Zoo.KNN);
    }

    private void putSynthetic(Map<String, String> values) {
        values.put("syntheticImages", Integer.toString(syntheticImages));
        if (syntheticImages > 0) {
            values.put("syntheticStyle", syntheticStyle);
        }
    }

    /** The settings as text, for the model card. */
    public Map<String, String> hyperParameters() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("inputHeight", Integer.toString(network.inputHeight()));
        values.put("inputWidth", Integer.toString(network.inputWidth()));
        if (isKnn()) {
            values.put("k", Integer.toString(zoo.knnNeighbours()));
            values.put("distance", zoo.knnDistance());
            putSynthetic(values);
            return values;
        }
        values.put("oneDnn", Boolean.toString(oneDnn));
        if (Zoo.isNetwork(architecture)) {
            if (Zoo.scalesWithWidth(architecture)) {
                values.put("width", Double.toString(zoo.width()));
            }
            if (architecture.equals("mlp")) {
                values.put("mlpHidden", zoo.mlpHidden().toString());
            } else if (architecture.equals("vgg")) {
                values.put("vggDepth", Integer.toString(zoo.vggDepth()));
            }
        } else {
            values.put("convChannels", network.convChannels().toString());
            values.put("hiddenUnits", Integer.toString(network.hiddenUnits()));
            values.put("dropout", Double.toString(network.dropout()));
        }
        values.put("learningRate", Double.toString(learningRate));
        values.put("learningRateSchedule", "linear decay to 0");
        values.put("weightDecay", Double.toString(weightDecay));
        values.put("optimizer", "Adam");
        values.put("augmentation", augmentation.toString());
        putSynthetic(values);
        if (sceneMosaics > 0) {
            values.put("sceneMosaics", Integer.toString(sceneMosaics));
        }
        if (holdOut > 0) {
            values.put("holdOut", Integer.toString(holdOut));
        }
        if (architecture.equals(CharacterTask.ARCHITECTURE)) {
            values.put("digitMargin", Double.toString(digitMargin));
        }
        return values;
    }
}
