package io.streetdigits.trainer.network.zoo;

import io.streetdigits.trainer.network.DigitCnn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The course's model zoo by name, each with the multi-position digit output: one softmax head per position,
 * 11 classes. {@code knn} is the zoo's one non-parametric member and has no network; see
 * {@code io.streetdigits.trainer.knn}.
 */
public final class Zoo {

    public static final String KNN = "knn";

    private static final Set<String> WIDTH_SCALED = Set.of("alexnet", "vgg", "googlenet", "resnet18");

    private static final Map<String, ZooNetwork> NETWORKS = new LinkedHashMap<>();

    static {
        NETWORKS.put("softmax", new SoftmaxClassifier());
        NETWORKS.put("mlp", new Mlp());
        NETWORKS.put("lenet5", new LeNet5());
        NETWORKS.put("alexnet", new AlexNet());
        NETWORKS.put("vgg", new Vgg());
        NETWORKS.put("googlenet", new GoogLeNet());
        NETWORKS.put("resnet18", new ResNet18());
    }

    private Zoo() {
    }

    /** The networks' names, simplest first. */
    public static List<String> networks() {
        return List.copyOf(NETWORKS.keySet());
    }

    /** Every zoo member, kNN first. */
    public static List<String> architectures() {
        List<String> all = new ArrayList<>();
        all.add(KNN);
        all.addAll(NETWORKS.keySet());
        return all;
    }

    public static boolean isNetwork(String architecture) {
        return NETWORKS.containsKey(architecture);
    }

    /** Whether {@link ZooSettings#width()} scales it: the papers' convolutional networks, not LeNet-5's fixed widths. */
    public static boolean scalesWithWidth(String architecture) {
        return WIDTH_SCALED.contains(architecture);
    }

    public static ComputationGraph build(String architecture, ZooSettings settings, int inputHeight, int inputWidth,
            int positions, IUpdater updater, double weightDecay, long seed) {
        ZooNetwork network = NETWORKS.get(architecture);
        if (network == null) {
            throw new IllegalArgumentException("'" + architecture + "' is not one of the zoo's networks "
                    + NETWORKS.keySet());
        }
        ComputationGraphConfiguration.GraphBuilder graph = DigitCnn.newGraph(inputHeight, inputWidth, updater,
                weightDecay, seed);
        String features = network.addLayers(new GraphBlocks(graph), DigitCnn.INPUT, settings);
        return DigitCnn.withPositionHeads(graph, features, positions);
    }
}
