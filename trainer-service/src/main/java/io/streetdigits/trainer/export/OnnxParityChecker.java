package io.streetdigits.trainer.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.streetdigits.core.model.ParityCheck;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Proves an export: runs the DL4J network (inference mode), or any model's own Java implementation, and the
 * exported graph in ONNX Runtime on the same inputs and reports the largest absolute difference over every output value. NaN or an infinity on either side
 * counts as an infinite difference, so a broken model can never pass as "difference 0".
 */
public final class OnnxParityChecker {

    /** The agreement every export must reach. */
    public static final double TOLERANCE = 1e-4;

    private OnnxParityChecker() {
    }

    /**
     * @param inputs NCHW float inputs to compare on; real preprocessed images make the strongest check
     */
    public static ParityCheck check(ComputationGraph network, ExportedModel model, INDArray inputs) {
        return check(model, inputs, network.output(false, inputs));
    }

    /**
     * @param expected what the model answers in Java for {@code inputs}, one array per output in the export's order
     */
    public static ParityCheck check(ExportedModel model, INDArray inputs, INDArray[] expected) {
        long[] shape = inputs.shape();
        float[] data = inputs.castTo(DataType.FLOAT).dup('c').data().asFloat();
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        double worst = 0.0;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = environment.createSession(model.bytes(), options);
                OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(data), shape);
                OrtSession.Result result = session.run(Map.of(model.inputName(), input))) {
            for (int o = 0; o < model.outputNames().size(); o++) {
                String name = model.outputNames().get(o);
                Optional<ai.onnxruntime.OnnxValue> value = result.get(name);
                if (value.isEmpty()) {
                    throw new IllegalStateException("the exported model has no output named " + name);
                }
                FloatBuffer actual = ((OnnxTensor) value.get()).getFloatBuffer();
                float[] reference = expected[o].castTo(DataType.FLOAT).dup('c').data().asFloat();
                if (actual.remaining() != reference.length) {
                    throw new IllegalStateException("output " + name + " has " + actual.remaining()
                            + " values in ONNX Runtime and " + reference.length + " in DL4J");
                }
                for (float r : reference) {
                    worst = Math.max(worst, difference(r, actual.get()));
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot run the exported model: " + e.getMessage(), e);
        }
        return new ParityCheck((int) shape[0], worst, TOLERANCE, "onnxruntime " + ortVersion());
    }

    /** Uniform random inputs in [-1, 1], the range of preprocessed images, for networks without real data. */
    public static INDArray randomInputs(ExportedModel model, int samples, long seed) {
        long[] shape = {samples, model.inputShape().get(0), model.inputShape().get(1), model.inputShape().get(2)};
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[(int) (shape[0] * shape[1] * shape[2] * shape[3])];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return Nd4j.create(values, shape, 'c');
    }

    static double difference(float expected, float actual) {
        if (!Float.isFinite(expected) || !Float.isFinite(actual)) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.abs((double) expected - actual);
    }

    private static String ortVersion() {
        String version = OrtEnvironment.class.getPackage().getImplementationVersion();
        return version == null ? "unknown" : version;
    }
}
