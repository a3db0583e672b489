package io.streetdigits.core.pipeline;

/**
 * How many batches a reader of photos works on at once, and so how many threads each model run gets: the cores
 * shared among those batches. With two on two cores, one batch is decoded while the other's models run, and each
 * run keeps to its own core instead of waking a second thread at every operator. The inference service reads this
 * way; the benchmarks measure its ceiling the same way.
 */
public final class BatchConcurrency {

    /** Batches at once by default; a string, since it is also a configuration default. */
    public static final String DEFAULT = "2";

    private BatchConcurrency() {
    }

    /** ONNX Runtime intra-op threads for each run when {@code batchesAtOnce} batches run at once. */
    public static int threadsPerRun(int batchesAtOnce) {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, batchesAtOnce));
    }
}
