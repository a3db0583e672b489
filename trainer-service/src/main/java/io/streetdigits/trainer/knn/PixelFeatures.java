package io.streetdigits.trainer.knn;

/** kNN's features of one preprocessed image: grey (mean of the channels), then average-pooled. */
final class PixelFeatures {

    private PixelFeatures() {
    }

    /** @param nchw preprocessed images, image {@code index} of shape 3 x height x width */
    static float[] of(float[] nchw, int index, int height, int width, int pool) {
        int plane = height * width;
        int offset = index * 3 * plane;
        int rows = height / pool;
        int columns = width / pool;
        float[] features = new float[rows * columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                float sum = 0;
                for (int y = r * pool; y < (r + 1) * pool; y++) {
                    for (int x = c * pool; x < (c + 1) * pool; x++) {
                        int at = offset + y * width + x;
                        sum += (nchw[at] + nchw[at + plane] + nchw[at + 2 * plane]) / 3f;
                    }
                }
                features[r * columns + c] = sum / (pool * pool);
            }
        }
        return features;
    }

    /** Scales to unit length (for cosine similarity); a zero vector stays zero. */
    static void normalise(float[] features) {
        double squares = 0;
        for (float value : features) {
            squares += (double) value * value;
        }
        if (squares > 0) {
            float scale = (float) (1 / Math.sqrt(squares));
            for (int i = 0; i < features.length; i++) {
                features[i] *= scale;
            }
        }
    }
}
