package io.streetdigits.trainer.ensemble;

import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.trainer.TrainerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the {@code ensemble} command builds ({@code --members character-reader/1,character-reader/2 ...}).
 *
 * @param modelName the name to publish under; by default the first member's
 * @param members   the models averaged, each {@code name/version}
 * @param digitMargin for character readers: the room around each labelled character they are judged on, as a
 *                    fraction of its height (as they were trained; 0 by default)
 * @param dataRoot  the folder holding {@code val/} and {@code val.json}, to judge the ensemble on
 * @param valLimit  judge on only the first this many validation images (0 = all)
 * @param announce  announce the published version on Kafka
 */
public record EnsembleSpec(String modelName, List<ModelRef> members, double digitMargin, Path dataRoot, int valLimit,
        boolean announce) {

    public EnsembleSpec {
        members = List.copyOf(members);
        if (members.size() < 2) {
            throw new IllegalArgumentException("an ensemble needs at least two --members, got " + members.size());
        }
        modelName = ModelRepository.requireValidName(modelName == null ? members.get(0).name() : modelName);
        if (!(digitMargin >= 0)) {
            throw new IllegalArgumentException("--digit-margin must be >= 0, was " + digitMargin);
        }
        Objects.requireNonNull(dataRoot, "dataRoot");
        if (valLimit < 0) {
            throw new IllegalArgumentException("--val-limit must not be negative, was " + valLimit);
        }
    }

    public static EnsembleSpec parse(List<String> args, TrainerConfig.Training defaults) {
        String modelName = defaults.modelName().orElse(null);
        List<ModelRef> members = new ArrayList<>();
        double digitMargin = 0;
        Path dataRoot = defaults.dataDir();
        int valLimit = defaults.valLimit();
        boolean announce = defaults.announce();
        for (int i = 0; i < args.size(); i += 2) {
            String option = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args.get(i + 1);
            switch (option) {
                case "--members" -> {
                    for (String member : value.split(",")) {
                        members.add(parseRef(member.trim()));
                    }
                }
                case "--model-name" -> modelName = value;
                case "--digit-margin" -> digitMargin = Double.parseDouble(value);
                case "--data-dir" -> dataRoot = Path.of(value);
                case "--val-limit" -> valLimit = Integer.parseInt(value);
                case "--announce" -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new IllegalArgumentException("option --announce cannot take '" + value
                                + "': expected true or false");
                    }
                    announce = Boolean.parseBoolean(value);
                }
                default -> throw new IllegalArgumentException("unknown option '" + option
                        + "'; options are --members, --model-name, --digit-margin, --data-dir, --val-limit, --announce");
            }
        }
        return new EnsembleSpec(modelName, members, digitMargin, dataRoot, valLimit, announce);
    }

    static ModelRef parseRef(String member) {
        int slash = member.lastIndexOf('/');
        try {
            return new ModelRef(member.substring(0, slash), Integer.parseInt(member.substring(slash + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("member '" + member + "' is not name/version, such as "
                    + "character-reader/3", e);
        }
    }
}
