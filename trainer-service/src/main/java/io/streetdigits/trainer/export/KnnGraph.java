package io.streetdigits.trainer.export;

/**
 * What a kNN model stores and how it ranks: the exemplars' pixel features, their classes at each position, k, and
 * the similarity (higher is nearer) both the Java model and its ONNX graph rank by: for Euclidean distance
 * {@code 2 x.e - |e|^2} (the squared distance minus the query's own constant |x|^2, negated), for cosine {@code x.e}
 * of unit vectors.
 */
public final class KnnGraph {

    /** Classes per position: ten digits and "no digit". */
    public static final int CLASSES = 11;

    private final int inputHeight;
    private final int inputWidth;
    private final int pool;
    private final int dims;
    private final int exemplarCount;
    private final float[] exemplars;
    private final float[] squaredNorms;
    private final int[][] labels;
    private final int k;
    private final boolean cosine;

    /**
     * @param pool      the average pooling factor applied to the grey image
     * @param exemplars {@link #featureCount} values per exemplar, row by row (unit length for cosine)
     * @param labels    {@code labels[position][exemplar]}, a class in 0..10
     */
    public KnnGraph(int inputHeight, int inputWidth, int pool, float[] exemplars, int[][] labels, int k,
            boolean cosine) {
        int dims = featureCount(inputHeight, inputWidth, pool);
        int exemplarCount = labels[0].length;
        if (exemplars.length != exemplarCount * dims) {
            throw new IllegalArgumentException("expected " + exemplarCount + " x " + dims + " exemplar values, had "
                    + exemplars.length);
        }
        this.inputHeight = inputHeight;
        this.inputWidth = inputWidth;
        this.pool = pool;
        this.dims = dims;
        this.exemplarCount = exemplarCount;
        this.exemplars = exemplars;
        this.labels = labels;
        this.k = k;
        this.cosine = cosine;
        this.squaredNorms = new float[exemplarCount];
        for (int e = 0; e < exemplarCount; e++) {
            float sum = 0;
            for (int d = 0; d < dims; d++) {
                float value = exemplars[e * dims + d];
                sum += value * value;
            }
            squaredNorms[e] = sum;
        }
    }

    /** Features per image: the grey image average-pooled by {@code pool}, the remainder cut off. */
    public static int featureCount(int inputHeight, int inputWidth, int pool) {
        return (inputHeight / pool) * (inputWidth / pool);
    }

    /** How near exemplar {@code e} is to these features: higher is nearer. */
    public float score(float[] features, int e) {
        float dot = 0;
        int offset = e * dims;
        for (int d = 0; d < dims; d++) {
            dot += features[d] * exemplars[offset + d];
        }
        return cosine ? dot : 2 * dot - squaredNorms[e];
    }

    public int inputHeight() {
        return inputHeight;
    }

    public int inputWidth() {
        return inputWidth;
    }

    public int pool() {
        return pool;
    }

    public int dims() {
        return dims;
    }

    public int exemplarCount() {
        return exemplarCount;
    }

    public int[][] labels() {
        return labels;
    }

    public int k() {
        return k;
    }

    public boolean cosine() {
        return cosine;
    }

    float[] exemplars() {
        return exemplars;
    }

    float[] squaredNorms() {
        return squaredNorms;
    }
}
