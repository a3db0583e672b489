package io.streetdigits.trainer.training;

import io.streetdigits.trainer.TrainerConfig;
import io.streetdigits.trainer.architecture.Architecture;
import io.streetdigits.trainer.architecture.Architecture.Setting;
import io.streetdigits.trainer.architecture.Architectures;
import io.streetdigits.trainer.data.Augmentation;
import io.streetdigits.trainer.network.DigitCnn;
import io.streetdigits.trainer.network.DigitCnnConfig;
import io.streetdigits.trainer.network.zoo.ZooSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The {@code train} command's options ({@code --epochs 30 --synthetic-images 3000 ...}) on top of the configured
 * defaults. Every option names its configuration key's last part, so the two cannot drift apart.
 */
public final class TrainingOptions {

    private String modelName;
    private String architecture = DigitCnn.DESCRIPTOR.name();
    private Path dataDir;
    private int epochs;
    private int batchSize;
    private double learningRate;
    private double weightDecay;
    private long seed;
    private Integer inputHeight;
    private Integer inputWidth;
    private int syntheticImages;
    private String syntheticStyle;
    private int sceneMosaics;
    private int trainLimit;
    private int valLimit;
    private boolean announce;
    private boolean resume;
    private int holdOut;
    private Double digitMargin;
    private Augmentation cropJitter;
    private Double width;
    private List<Integer> mlpHidden;
    private Integer knnNeighbours;
    private String knnDistance;
    private boolean oneDnn = true;
    private final List<String> given = new ArrayList<>();

    private final Map<String, BiConsumer<TrainingOptions, String>> options = new LinkedHashMap<>();

    private TrainingOptions(TrainerConfig.Training defaults) {
        modelName = defaults.modelName().orElse(null);
        dataDir = defaults.dataDir();
        epochs = defaults.epochs();
        batchSize = defaults.batchSize();
        learningRate = defaults.learningRate();
        weightDecay = defaults.weightDecay();
        seed = defaults.seed();
        syntheticImages = defaults.syntheticImages();
        syntheticStyle = defaults.syntheticStyle();
        trainLimit = defaults.trainLimit();
        valLimit = defaults.valLimit();
        announce = defaults.announce();
        holdOut = defaults.holdOut();
        options.put("model-name", (o, v) -> o.modelName = v);
        options.put("architecture", (o, v) -> o.architecture = v);
        options.put("data-dir", (o, v) -> o.dataDir = Path.of(v));
        options.put("epochs", (o, v) -> o.epochs = Integer.parseInt(v));
        options.put("batch-size", (o, v) -> o.batchSize = Integer.parseInt(v));
        options.put("learning-rate", (o, v) -> o.learningRate = Double.parseDouble(v));
        options.put("weight-decay", (o, v) -> o.weightDecay = Double.parseDouble(v));
        options.put("seed", (o, v) -> o.seed = Long.parseLong(v));
        options.put("input-height", (o, v) -> o.inputHeight = Integer.parseInt(v));
        options.put("input-width", (o, v) -> o.inputWidth = Integer.parseInt(v));
        options.put("synthetic-images", (o, v) -> o.syntheticImages = Integer.parseInt(v));
        options.put("synthetic-style", (o, v) -> o.syntheticStyle = v);
        options.put("scene-mosaics", (o, v) -> o.sceneMosaics = Integer.parseInt(v));
        options.put("train-limit", (o, v) -> o.trainLimit = Integer.parseInt(v));
        options.put("val-limit", (o, v) -> o.valLimit = Integer.parseInt(v));
        options.put("announce", (o, v) -> o.announce = parseBoolean(v));
        options.put("resume", (o, v) -> o.resume = parseBoolean(v));
        options.put("hold-out", (o, v) -> o.holdOut = Integer.parseInt(v));
        options.put("digit-margin", (o, v) -> o.digitMargin = Double.parseDouble(v));
        options.put("crop-jitter", (o, v) -> o.cropJitter = parseCropJitter(v));
        options.put("width", (o, v) -> o.width = Double.parseDouble(v));
        options.put("mlp-hidden", (o, v) -> o.mlpHidden = Arrays.stream(v.split(","))
                .map(String::trim).map(Integer::valueOf).toList());
        options.put("knn-neighbours", (o, v) -> o.knnNeighbours = Integer.parseInt(v));
        options.put("knn-distance", (o, v) -> o.knnDistance = v);
        options.put("onednn", (o, v) -> o.oneDnn = parseBoolean(v));
    }

    /**
     * The options that only architectures with that setting take: given to another, they are a mistake, not a thing
     * to ignore.
     */
    private static final Map<String, Setting> OWN_SETTINGS = Map.of("width", Setting.WIDTH,
            "mlp-hidden", Setting.MLP_HIDDEN, "knn-neighbours", Setting.NEIGHBOURS,
            "knn-distance", Setting.NEIGHBOURS, "digit-margin", Setting.DIGIT_MARGIN);

    /** A parsed command line: what to train, whether to announce it, and whether to go on from its checkpoint. */
    public record Parsed(TrainingSpec spec, boolean announce, boolean resume) {
    }

    /**
     * @param args     the options, as {@code ./streetdigits train} takes them (a job's options become the same)
     * @param defaults the configured defaults under them
     */
    public static Parsed parse(List<String> args, TrainerConfig.Training defaults) {
        TrainingOptions parsed = new TrainingOptions(defaults);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.startsWith("--") ? arg.substring(2) : null;
            String value = null;
            if (name != null && name.contains("=")) {
                value = name.substring(name.indexOf('=') + 1);
                name = name.substring(0, name.indexOf('='));
            }
            BiConsumer<TrainingOptions, String> setter = name == null ? null : parsed.options.get(name);
            if (setter == null) {
                throw new IllegalArgumentException("unknown option '" + arg + "'; options are --"
                        + String.join(", --", parsed.options.keySet()));
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("option --" + name + " needs a value");
                }
                value = args.get(++i);
            }
            parsed.given.add(name);
            try {
                setter.accept(parsed, value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("option --" + name + " cannot take '" + value + "': "
                        + e.getMessage(), e);
            }
        }
        return new Parsed(parsed.spec(command(args)), parsed.announce, parsed.resume);
    }

    /** The command that trains with these options, for the model card: quoted where the shell needs it. */
    static String command(List<String> args) {
        StringBuilder command = new StringBuilder("./streetdigits train");
        for (String arg : args) {
            command.append(' ').append(arg.matches("[A-Za-z0-9_./=,:+-]+") ? arg : "'" + arg.replace("'", "'\\''")
                    + "'");
        }
        return command.toString();
    }

    /** Boolean.parseBoolean reads anything but "true" as false; a typo must not silently switch a thing off. */
    private static boolean parseBoolean(String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("expected true or false");
        }
        return Boolean.parseBoolean(value);
    }

    /**
     * {@code SHIFT,MIN_SCALE,MAX_SCALE}: how far training crops are moved and scaled around their region, in place
     * of the architecture's preset; the colour jitter stays the presets'.
     */
    private static Augmentation parseCropJitter(String value) {
        String[] parts = value.split(",");
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected SHIFT,MIN_SCALE,MAX_SCALE, such as 0.12,0.85,1.3");
        }
        return new Augmentation(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()),
                Double.parseDouble(parts[2].trim()), Augmentation.DEFAULT.colourJitter());
    }

    private TrainingSpec spec(String command) {
        Architecture descriptor = Architectures.named(architecture);
        for (String option : given) {
            Setting setting = OWN_SETTINGS.get(option);
            if (setting != null && !descriptor.has(setting)) {
                throw new IllegalArgumentException("option --" + option + " is not a setting of " + architecture
                        + "; the architectures that have it are " + Architectures.names().stream()
                        .filter(name -> Architectures.named(name).has(setting)).toList());
            }
        }
        Architecture.Defaults preset = descriptor.defaults();
        DigitCnnConfig base = preset.network();
        DigitCnnConfig network = new DigitCnnConfig(inputHeight != null ? inputHeight : base.inputHeight(),
                inputWidth != null ? inputWidth : base.inputWidth(), base.convChannels(), base.hiddenUnits(),
                base.dropout(), base.positions());
        ZooSettings zoo = new ZooSettings(width != null ? width : preset.width(),
                mlpHidden != null ? mlpHidden : ZooSettings.COURSE_MLP,
                knnNeighbours != null ? knnNeighbours : ZooSettings.DEFAULT_NEIGHBOURS,
                knnDistance != null ? knnDistance : ZooSettings.DEFAULT_DISTANCE);
        return new TrainingSpec(modelName == null ? architecture : modelName, architecture, network, dataDir, epochs,
                batchSize, learningRate, weightDecay, seed, cropJitter != null ? cropJitter : preset.augmentation(),
                syntheticImages, syntheticStyle, sceneMosaics, trainLimit, valLimit,
                digitMargin != null ? digitMargin : 0, zoo, oneDnn, holdOut, command);
    }
}
