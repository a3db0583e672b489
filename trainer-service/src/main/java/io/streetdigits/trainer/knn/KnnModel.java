package io.streetdigits.trainer.knn;

import io.streetdigits.trainer.export.ExportedModel;
import io.streetdigits.trainer.export.KnnExporter;
import io.streetdigits.trainer.export.KnnGraph;
import io.streetdigits.trainer.data.TrainingImage;
import io.streetdigits.trainer.network.zoo.ZooSettings;
import io.streetdigits.trainer.training.TrainedModel;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * k nearest neighbours on simple pixel features: the preprocessed image turned grey (mean of the channels) and
 * average-pooled to about 16 rows. Each digit position votes separately: its output is the share of the k nearest
 * training images that have each class there. Distances are Euclidean or cosine. The ONNX export computes the same
 * thing as a graph (pooling, a matrix product with the stored exemplars, top-k, a gather of their labels, a mean).
 */
public final class KnnModel implements TrainedModel {

    /** The pixel features' target height; the pooling factor follows from the input height. */
    static final int FEATURE_ROWS = 16;
    /** Training images preprocessed at a time, to keep the full-size tensors small. */
    private static final int CHUNK = 256;

    private final KnnGraph graph;

    private KnnModel(KnnGraph graph) {
        this.graph = graph;
    }

    /**
     * Stores the training images' features.
     *
     * @param features the preprocessed NCHW input of a chunk of images, as serving prepares it
     * @param labels   the class of each training image at each position: {@code labels[position][image]}
     */
    public static KnnModel fit(List<TrainingImage> train, Function<List<TrainingImage>, INDArray> features,
            int[][] labels, int inputHeight, int inputWidth, ZooSettings settings) {
        if (settings.knnNeighbours() > train.size()) {
            throw new IllegalArgumentException("knn with k=" + settings.knnNeighbours() + " needs at least that many"
                    + " training images, had " + train.size());
        }
        int pool = Math.max(1, inputHeight / FEATURE_ROWS);
        int dims = KnnGraph.featureCount(inputHeight, inputWidth, pool);
        boolean cosine = settings.knnDistance().equals("cosine");
        float[] exemplars = new float[train.size() * dims];
        for (int start = 0; start < train.size(); start += CHUNK) {
            List<TrainingImage> chunk = train.subList(start, Math.min(start + CHUNK, train.size()));
            float[] data = features.apply(chunk).castTo(DataType.FLOAT).dup('c').data().asFloat();
            for (int i = 0; i < chunk.size(); i++) {
                float[] exemplar = PixelFeatures.of(data, i, inputHeight, inputWidth, pool);
                if (cosine) {
                    PixelFeatures.normalise(exemplar);
                }
                System.arraycopy(exemplar, 0, exemplars, (start + i) * dims, dims);
            }
        }
        return new KnnModel(new KnnGraph(inputHeight, inputWidth, pool, exemplars, labels, settings.knnNeighbours(),
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
