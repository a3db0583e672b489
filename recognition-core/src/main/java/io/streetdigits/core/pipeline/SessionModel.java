package io.streetdigits.core.pipeline;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.model.ModelCard;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * A model version in an ONNX Runtime session, as a pipeline step runs it: the one way every module here (serving,
 * the trainer's evaluation, the benchmarks) feeds a batch to a session and reads its outputs back. The session
 * stays its opener's to close.
 */
public record SessionModel(ModelRef ref, ModelCard card, OrtSession session) implements StepModel {

    @Override
    public float[][] run(float[] batch, int count) throws OrtException {
        int size = card.preprocessing().tensorSize();
        if (batch.length < count * size) {
            throw new IllegalArgumentException("batch holds " + batch.length + " floats, " + count + " images need "
                    + count * size);
        }
        float[][] outputs = new float[card.outputs().size()][];
        try (OnnxTensor input = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(),
                FloatBuffer.wrap(batch, 0, count * size), card.preprocessing().shape(count));
                OrtSession.Result result = session.run(Map.of(card.input().name(), input))) {
            for (int o = 0; o < outputs.length; o++) {
                OnnxValue value = result.get(card.outputs().get(o))
                        .orElseThrow(() -> new IllegalStateException("model " + ref + " returned no output"));
                FloatBuffer values = ((OnnxTensor) value).getFloatBuffer();
                outputs[o] = new float[values.remaining()];
                values.get(outputs[o]);
            }
        }
        return outputs;
    }
}
