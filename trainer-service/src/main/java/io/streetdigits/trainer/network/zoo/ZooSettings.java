package io.streetdigits.trainer.network.zoo;

import java.util.List;

/**
 * The settings of the course's classic classifiers that only some of them have (which ones, their descriptors say).
 *
 * @param width         multiplies every convolution's channels and every hidden layer's units of the papers'
 *                      networks (1.0 = the paper's widths)
 * @param mlpHidden     the hidden layers of {@code mlp}, input side first
 * @param knnNeighbours k of {@code knn}
 * @param knnDistance   {@code euclidean} or {@code cosine}, between the pixel features of {@code knn}
 */
public record ZooSettings(double width, List<Integer> mlpHidden, int knnNeighbours, String knnDistance) {

    public static final List<String> KNN_DISTANCES = List.of("euclidean", "cosine");

    /** The course's MLP: 3072 x 4096 + 4096 x 4096 + 4096 x 10 weights on a 32x32 colour image. */
    public static final List<Integer> COURSE_MLP = List.of(4096, 4096);
    public static final int DEFAULT_NEIGHBOURS = 5;
    public static final String DEFAULT_DISTANCE = "euclidean";

    public ZooSettings {
        mlpHidden = List.copyOf(mlpHidden);
        if (!(width > 0) || width > 4) {
            throw new IllegalArgumentException("width must be in (0, 4], was " + width);
        }
        if (mlpHidden.stream().anyMatch(units -> units < 1)) {
            throw new IllegalArgumentException("mlp hidden layers need at least one unit each, were " + mlpHidden);
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
