package io.streetdigits.trainer.knn;

import io.streetdigits.trainer.architecture.Architecture;
import io.streetdigits.trainer.architecture.Architecture.Setting;
import io.streetdigits.trainer.data.Augmentation;
import io.streetdigits.trainer.export.ExportedModel;
import io.streetdigits.trainer.export.KnnExporter;
import io.streetdigits.trainer.export.KnnGraph;
import io.streetdigits.trainer.network.zoo.ZooSettings;
import io.streetdigits.trainer.training.SingleCharacters;
import io.streetdigits.trainer.training.TrainedModel;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * k nearest neighbours on simple pixel features: the preprocessed square turned grey (mean of the channels) and
 * average-pooled to about 16 rows. The output is the share of the k nearest training characters of each class (a
 * reader of several positions would vote at each separately). Distances are Euclidean or cosine. The ONNX export
 * computes the same thing as a graph (pooling, a matrix product with the stored exemplars, top-k, a gather of their
 * labels, a mean).
 */
public final class KnnModel implements TrainedModel {

    /** The zoo's one model without a network: it stores the training characters and trains nothing. */
    public static final Architecture DESCRIPTOR = new Architecture("knn", SingleCharacters.LEARNING,
            new Architecture.Defaults(SingleCharacters.SQUARE, Augmentation.NONE, 1), Architecture.DEFAULT_PIPELINE,
            null, Set.of(Setting.NEIGHBOURS, Setting.DIGIT_MARGIN));

    /** The pixel features' target height; the pooling factor follows from the input height. */
    static final int FEATURE_ROWS = 16;

    private final KnnGraph graph;

    private KnnModel(KnnGraph graph) {
        this.graph = graph;
    }

    /**
     * Stores the training inputs' features.
     *
     * @param inputs  the preprocessed NCHW inputs of the training samples, a chunk of photos at a time, as serving
     *                prepares them
     * @param classes the class of each input at each output: {@code classes[output][input]}
     */
    public static KnnModel fit(List<INDArray> inputs, int[][] classes, int inputHeight, int inputWidth,
            ZooSettings settings) {
        int count = classes[0].length;
        if (settings.knnNeighbours() > count) {
            throw new IllegalArgumentException("knn with k=" + settings.knnNeighbours() + " needs at least that many"
                    + " training samples, had " + count);
        }
        int pool = Math.max(1, inputHeight / FEATURE_ROWS);
        int dims = KnnGraph.featureCount(inputHeight, inputWidth, pool);
        boolean cosine = settings.knnDistance().equals("cosine");
        float[] exemplars = new float[count * dims];
        int stored = 0;
        for (INDArray chunk : inputs) {
            float[] data = chunk.castTo(DataType.FLOAT).dup('c').data().asFloat();
            for (int i = 0; i < chunk.size(0); i++) {
                float[] exemplar = PixelFeatures.of(data, i, inputHeight, inputWidth, pool);
                if (cosine) {
                    PixelFeatures.normalise(exemplar);
                }
                System.arraycopy(exemplar, 0, exemplars, stored++ * dims, dims);
            }
        }
        if (stored != count) {
            throw new IllegalArgumentException("kNN was given " + stored + " inputs for " + count + " classes");
        }
        return new KnnModel(new KnnGraph(inputHeight, inputWidth, pool, exemplars, classes, settings.knnNeighbours(),
                cosine));
    }

    public KnnGraph graph() {
        return graph;
    }

    @Override
    public ExportedModel export(List<Long> inputShape, String modelName, String docString) {
        return KnnExporter.export(graph, inputShape, modelName, docString);
    }

    @Override
    public INDArray[] outputs(INDArray inputs) {
        int count = (int) inputs.shape()[0];
        float[] data = inputs.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int positions = graph.labels().length;
        float[][] votes = new float[positions][count * KnnGraph.CLASSES];
        for (int i = 0; i < count; i++) {
            float[] features = PixelFeatures.of(data, i, graph.inputHeight(), graph.inputWidth(), graph.pool());
            if (graph.cosine()) {
                PixelFeatures.normalise(features);
            }
            for (int neighbour : nearest(features)) {
                for (int p = 0; p < positions; p++) {
                    votes[p][i * KnnGraph.CLASSES + graph.labels()[p][neighbour]] += 1f / graph.k();
                }
            }
        }
        INDArray[] outputs = new INDArray[positions];
        for (int p = 0; p < positions; p++) {
            outputs[p] = Nd4j.create(votes[p], new long[] {count, KnnGraph.CLASSES}, 'c');
        }
        return outputs;
    }

    /** The k exemplars with the highest similarity score, as the graph ranks them. */
    private int[] nearest(float[] features) {
        int k = graph.k();
        int[] best = new int[k];
        float[] bestScores = new float[k];
        Arrays.fill(bestScores, Float.NEGATIVE_INFINITY);
        for (int e = 0; e < graph.exemplarCount(); e++) {
            float score = graph.score(features, e);
            if (score <= bestScores[k - 1]) {
                continue;
            }
            int at = k - 1;
            while (at > 0 && bestScores[at - 1] < score) {
                bestScores[at] = bestScores[at - 1];
                best[at] = best[at - 1];
                at--;
            }
            bestScores[at] = score;
            best[at] = e;
        }
        return best;
    }

    @Override
    public long parameterCount() {
        return (long) graph.exemplarCount() * (graph.dims() + graph.labels().length);
    }

    @Override
    public long flopsPerImage() {
        // The matrix product with the exemplars dominates: one multiply-add per feature and exemplar.
        return 2L * graph.dims() * graph.exemplarCount();
    }
}
