package io.streetdigits.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.streetdigits.core.model.ModelCard;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/** ONNX Runtime on the CPU as the inference service runs it, for the benchmarks that time the model alone. */
final class OrtRuns {

    private OrtRuns() {
    }

    /** A session as the service opens one: all graph optimisations, one intra-op thread per available core. */
    static OrtSession open(Path onnxFile) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return OrtEnvironment.getEnvironment().createSession(onnxFile.toString(), options);
        }
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
