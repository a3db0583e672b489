package io.streetdigits.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.pipeline.BatchConcurrency;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** ONNX Runtime on the CPU, for the benchmarks that time a model alone or a pipeline as the service runs it. */
final class OrtRuns {

    private static final int WARM_UP_RUNS = 20;

    private OrtRuns() {
    }

    /**
     * A session for the model alone: all graph optimisations, one intra-op thread per available core, and ONNX
     * Runtime's default spin-waiting between runs, which suits back-to-back runs with nothing in between.
     */
    static OrtSession open(Path onnxFile) throws OrtException {
        return open(onnxFile, true, Runtime.getRuntime().availableProcessors());
    }

    /**
     * A session as the inference service opens one: as {@link #open(Path)}, but without spin-waiting, since between
     * runs the same cores decode the next batch, and with the cores shared among the batches it works on at once
     * ({@link BatchConcurrency}).
     */
    static OrtSession openAsService(Path onnxFile, int batchesAtOnce) throws OrtException {
        return open(onnxFile, false, BatchConcurrency.threadsPerRun(batchesAtOnce));
    }

    /** {@link #openAsService(Path, int)} with the service's default number of batches at once. */
    static OrtSession openAsService(Path onnxFile) throws OrtException {
        return openAsService(onnxFile, Integer.parseInt(BatchConcurrency.DEFAULT));
    }

    private static OrtSession open(Path onnxFile, boolean spinning, int threads) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
            return OrtEnvironment.getEnvironment().createSession(onnxFile.toString(), options);
        }
    }

    /**
     * Images per second at {@code batch} images per run: the median of {@code rounds} rounds of {@code seconds}
     * each, after a warm-up.
     */
    static double imagesPerSecond(OrtSession session, ModelCard card, float[] tensors, int batch, int rounds,
            double seconds) throws OrtException {
        for (int i = 0; i < WARM_UP_RUNS; i++) {
            run(session, card, tensors, batch);
        }
        double[] perRound = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            int runs = 0;
            while (System.nanoTime() - start < seconds * 1e9) {
                run(session, card, tensors, batch);
                runs++;
            }
            perRound[round] = runs * (double) batch / ((System.nanoTime() - start) / 1e9);
        }
        return Stats.median(perRound);
    }

    /** Milliseconds of each of {@code runs} one-image runs, after a warm-up. */
    static List<Double> batchOneMillis(OrtSession session, ModelCard card, float[] tensors, int runs)
            throws OrtException {
        return batchMillis(session, card, tensors, 1, runs);
    }

    /** Milliseconds of each of {@code runs} runs on the first {@code count} images of {@code tensors}. */
    static List<Double> batchMillis(OrtSession session, ModelCard card, float[] tensors, int count, int runs)
            throws OrtException {
        for (int i = 0; i < WARM_UP_RUNS; i++) {
            run(session, card, tensors, count);
        }
        List<Double> millis = new ArrayList<>(runs);
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            run(session, card, tensors, count);
            millis.add((System.nanoTime() - start) / 1e6);
        }
        return millis;
    }

    /** One run on the first {@code count} preprocessed images of {@code tensors}; only the time counts. */
    static void run(OrtSession session, ModelCard card, float[] tensors, int count) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(),
                FloatBuffer.wrap(tensors, 0, count * card.preprocessing().tensorSize()),
                card.preprocessing().shape(count));
                OrtSession.Result ignored = session.run(Map.of(card.input().name(), input))) {
            // nothing to read
        }
    }
}
