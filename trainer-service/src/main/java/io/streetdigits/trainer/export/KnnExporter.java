package io.streetdigits.trainer.export;

import static io.streetdigits.trainer.export.OnnxGraphWriter.integer;
import static io.streetdigits.trainer.export.OnnxGraphWriter.ints;

import io.streetdigits.trainer.network.DigitCnn;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a kNN model as an ONNX graph, so it is served like every other model: grey (ReduceMean over channels),
 * AveragePool, Flatten, for cosine LpNormalization, a MatMul with the stored exemplars (transposed; doubled for
 * Euclidean, then minus their squared norms), TopK, and per position a Gather of the neighbours' one-hot labels and
 * their mean: the vote shares.
 */
public final class KnnExporter {

    private KnnExporter() {
    }

    public static ExportedModel export(KnnGraph knn, List<Long> inputShape, String modelName, String docString) {
        if (inputShape.get(1) != knn.inputHeight() || inputShape.get(2) != knn.inputWidth()) {
            throw new IllegalArgumentException("the kNN model was fitted at " + knn.inputHeight() + "x"
                    + knn.inputWidth() + ", not " + inputShape);
        }
        OnnxGraphWriter writer = new OnnxGraphWriter(modelName);
        String input = DigitCnn.INPUT;
        writer.input(input, inputShape.get(0), inputShape.get(1), inputShape.get(2));

        writer.node("ReduceMean", List.of(input), "grey", ints("axes", 1), integer("keepdims", 1));
        String pooled = "grey";
        if (knn.pool() > 1) {
            pooled = "pooled";
            writer.node("AveragePool", List.of("grey"), pooled, ints("kernel_shape", knn.pool(), knn.pool()),
                    ints("strides", knn.pool(), knn.pool()));
        }
        writer.node("Flatten", List.of(pooled), "features", integer("axis", 1));
        String features = "features";
        if (knn.cosine()) {
            writer.node("LpNormalization", List.of(features), "features/unit", integer("axis", 1),
                    integer("p", 2));
            features = "features/unit";
        }

        writer.initializer("exemplars", new long[] {knn.dims(), knn.exemplarCount()},
                transposed(knn.exemplars(), knn.exemplarCount(), knn.dims(), knn.cosine() ? 1f : 2f));
        String score = "similarity";
        writer.node("MatMul", List.of(features, "exemplars"), score);
        if (!knn.cosine()) {
            writer.initializer("exemplar_squared_norms", new long[] {knn.exemplarCount()}, knn.squaredNorms());
            writer.node("Sub", List.of(score, "exemplar_squared_norms"), "score");
            score = "score";
        }
        writer.int64Initializer("k", new long[] {1}, new long[] {knn.k()});
        writer.node("TopK", List.of(score, "k"), List.of("nearest/scores", "nearest"), integer("axis", 1),
                integer("largest", 1), integer("sorted", 1));

        List<String> outputs = DigitCnn.outputNames(knn.labels().length);
        for (int p = 0; p < outputs.size(); p++) {
            String labels = "labels_" + p;
            writer.initializer(labels, new long[] {knn.exemplarCount(), KnnGraph.CLASSES},
                    oneHot(knn.labels()[p]));
            writer.node("Gather", List.of(labels, "nearest"), labels + "/nearest", integer("axis", 0));
            writer.node("ReduceMean", List.of(labels + "/nearest"), outputs.get(p), ints("axes", 1),
                    integer("keepdims", 0));
            writer.output(outputs.get(p), KnnGraph.CLASSES);
        }
        String version = KnnExporter.class.getPackage().getImplementationVersion();
        byte[] bytes = writer.toModelBytes("streetdigits-trainer", version == null ? "dev" : version, docString);
        return new ExportedModel(bytes, input, inputShape, new ArrayList<>(outputs));
    }

    private static float[] transposed(float[] rows, int count, int dims, float scale) {
        float[] columns = new float[rows.length];
        for (int e = 0; e < count; e++) {
            for (int d = 0; d < dims; d++) {
                columns[d * count + e] = rows[e * dims + d] * scale;
            }
        }
        return columns;
    }

    private static float[] oneHot(int[] classes) {
        float[] values = new float[classes.length * KnnGraph.CLASSES];
        for (int e = 0; e < classes.length; e++) {
            values[e * KnnGraph.CLASSES + classes[e]] = 1f;
        }
        return values;
    }
}
