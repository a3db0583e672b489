package io.streetdigits.trainer.training;

import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.synthetic.GeneratorSettings;
import io.streetdigits.trainer.data.Augmentation;
import io.streetdigits.trainer.data.SceneMosaics;
import io.streetdigits.trainer.network.DigitCnn;
import io.streetdigits.trainer.network.DigitCnnConfig;
import io.streetdigits.trainer.network.DigitLocator;
import io.streetdigits.trainer.network.HeatmapLocator;
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
 * @param architecture    {@code digit-cnn} (reads whole photos), {@code digit-reader} (reads tight crops around
 *                        the digits), {@code digit-locator} (finds the digits), {@code digit-refiner} (finds them
 *                        again, more closely, in a crop around what a locator found), {@code character-refiner}
 *                        (finds one character in a crop around its cell of the box a reader of numbers found),
 *                        {@code character-reader} (reads one character in each cell of that box, or of its
 *                        character refiner's boxes), or one of the course's zoo
 *                        ({@link Zoo#architectures()}: {@code knn}, {@code softmax}, {@code mlp}, ...; whole photos)
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
 * @param digitMargin     for a reader of crops or a refiner: the crop's margin around the digits, as a fraction of
 *                        their height; for a character reader or refiner, the margin around each character's cell
 * @param locator         for a reader of crops or a refiner: the name of the locator model that finds the digits
 *                        before it in serving; for a character refiner, the reader of numbers that places it; for
 *                        a character reader, that reader or a character refiner
 * @param zoo             the settings of the zoo's architectures
 * @param oneDnn          train with DL4J's oneDNN layer helpers (off only to measure what they are worth)
 */
public record TrainingSpec(String modelName, String architecture, DigitCnnConfig network, Path dataRoot, int epochs,
        int batchSize, double learningRate, double weightDecay, long seed, Augmentation augmentation,
        int syntheticImages, String syntheticStyle, int sceneMosaics, int trainLimit, int valLimit, double digitMargin,
        String locator, ZooSettings zoo, boolean oneDnn) {

    public static final List<String> ARCHITECTURES = Stream.concat(Stream.of(DigitCnn.ARCHITECTURE,
            ReadingTask.READER, DigitLocator.ARCHITECTURE, HeatmapLocator.ARCHITECTURE, LocatingTask.REFINER,
            LocatingTask.CHARACTER_REFINER, CharacterTask.ARCHITECTURE),
            Zoo.architectures().stream())
            .toList();

    public TrainingSpec {
        ModelRepository.requireValidName(modelName);
        if (!ARCHITECTURES.contains(architecture)) {
            throw new IllegalArgumentException("architecture '" + architecture + "' is not one of " + ARCHITECTURES);
        }
        if (readsCrops(architecture)) {
            ModelRepository.requireValidName(locator);
            if (!(digitMargin >= 0)) {
                throw new IllegalArgumentException("a " + architecture + " needs a digit margin >= 0, was "
                        + digitMargin);
            }
            if (locator.equals(modelName)) {
                throw new IllegalArgumentException("model '" + modelName + "' cannot be its own locator");
            }
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
        if (syntheticImages < 0 || sceneMosaics < 0 || trainLimit < 0 || valLimit < 0) {
            throw new IllegalArgumentException("image counts must not be negative");
        }
    }

    /** What this run trains and how it is judged. */
    public TrainingTask task() {
        if (architecture.equals(CharacterTask.ARCHITECTURE)) {
            return new CharacterTask(this);
        }
        return architecture.equals(DigitLocator.ARCHITECTURE) || architecture.equals(HeatmapLocator.ARCHITECTURE)
                || architecture.equals(LocatingTask.REFINER) || architecture.equals(LocatingTask.CHARACTER_REFINER)
                ? new LocatingTask(this) : new ReadingTask(this);
    }

    /**
     * Whether the model sees a crop around digits that another model found, rather than the whole photo (a
     * character reader's cells are such crops too).
     */
    public boolean readsCrops() {
        return readsCrops(architecture);
    }

    private static boolean readsCrops(String architecture) {
        return architecture.equals(ReadingTask.READER) || architecture.equals(LocatingTask.REFINER)
                || architecture.equals(LocatingTask.CHARACTER_REFINER)
                || architecture.equals(CharacterTask.ARCHITECTURE);
    }

    /** The crop margin the reader or refiner uses, or -1 (whole photos) for the others. */
    public double cropMargin() {
        return readsCrops() ? digitMargin : -1;
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
        if (readsCrops()) {
            values.put("digitMargin", Double.toString(digitMargin));
            values.put("locator", locator);
        }
        return values;
    }
}
