package io.streetdigits.trainer.network.zoo;

import java.util.List;
import java.util.Set;

/**
 * The settings of the course's classic classifiers that are not the input size.
 *
 * @param width         multiplies every convolution's channels and every hidden layer's units of the papers'
 *                      networks (1.0 = the paper's widths; the comparison uses 0.25 so that all eight train on
 *                      two CPU cores)
 * @param mlpHidden     the hidden layers of {@code mlp}, input side first
 * @param vggDepth      weight layers of {@code vgg}: 11, 13, 16 or 19 (configurations A, B, D, E of the paper)
 * @param knnNeighbours k of {@code knn}
 * @param knnDistance   {@code euclidean} or {@code cosine}, between the pixel features of {@code knn}
 */
public record ZooSettings(double width, List<Integer> mlpHidden, int vggDepth, int knnNeighbours,
        String knnDistance) {

    public static final Set<Integer> VGG_DEPTHS = Set.of(11, 13, 16, 19);
    public static final List<String> KNN_DISTANCES = List.of("euclidean", "cosine");

    public static final ZooSettings DEFAULT = new ZooSettings(0.25, List.of(512, 256), 11, 5, "euclidean");

    public ZooSettings {
        mlpHidden = List.copyOf(mlpHidden);
        if (!(width > 0) || width > 4) {
            throw new IllegalArgumentException("width must be in (0, 4], was " + width);
        }
        if (mlpHidden.stream().anyMatch(units -> units < 1)) {
            throw new IllegalArgumentException("mlp hidden layers need at least one unit each, were " + mlpHidden);
        }
        if (!VGG_DEPTHS.contains(vggDepth)) {
            throw new IllegalArgumentException("vgg depth must be one of 11, 13, 16, 19, was " + vggDepth);
        }
        if (knnNeighbours < 1) {
            throw new IllegalArgumentException("knn needs k >= 1, was " + knnNeighbours);
        }
        if (!KNN_DISTANCES.contains(knnDistance)) {
            throw new IllegalArgumentException("knn distance '" + knnDistance + "' is not one of " + KNN_DISTANCES);
        }
    }

    /** A paper's channel or unit count at this width, at least 1. */
    public int scaled(int paperWidth) {
        return Math.max(1, (int) Math.round(paperWidth * width));
    }
}
