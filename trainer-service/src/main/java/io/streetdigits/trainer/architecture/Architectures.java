package io.streetdigits.trainer.architecture;

import io.streetdigits.trainer.knn.KnnModel;
import io.streetdigits.trainer.network.DigitCnn;
import io.streetdigits.trainer.network.DigitDetector;
import io.streetdigits.trainer.network.zoo.AlexNet;
import io.streetdigits.trainer.network.zoo.GoogLeNet;
import io.streetdigits.trainer.network.zoo.LeNet5;
import io.streetdigits.trainer.network.zoo.Mlp;
import io.streetdigits.trainer.network.zoo.ResNet18;
import io.streetdigits.trainer.network.zoo.SoftmaxClassifier;
import io.streetdigits.trainer.network.zoo.Vgg;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every architecture the trainer trains, by name: one line each. Adding one is its descriptor (in the file that
 * builds it) and a line here.
 */
public final class Architectures {

    private static final Map<String, Architecture> BY_NAME = new LinkedHashMap<>();

    static {
        for (Architecture architecture : List.of(
                DigitDetector.DESCRIPTOR,
                DigitCnn.CHARACTER_READER,
                DigitCnn.DESCRIPTOR,
                // The course's zoo, simplest first.
                KnnModel.DESCRIPTOR,
                SoftmaxClassifier.DESCRIPTOR,
                Mlp.DESCRIPTOR,
                LeNet5.DESCRIPTOR,
                AlexNet.DESCRIPTOR,
                Vgg.VGG11,
                Vgg.VGG16,
                GoogLeNet.DESCRIPTOR,
                ResNet18.DESCRIPTOR)) {
            BY_NAME.put(architecture.name(), architecture);
        }
    }

    private Architectures() {
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** @throws IllegalArgumentException naming the architectures there are, when there is none of that name */
    public static Architecture named(String name) {
        Architecture architecture = BY_NAME.get(name);
        if (architecture == null) {
            throw new IllegalArgumentException("architecture '" + name + "' is not one of " + names());
        }
        return architecture;
    }
}
