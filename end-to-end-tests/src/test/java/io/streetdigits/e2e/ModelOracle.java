package io.streetdigits.e2e;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.streetdigits.core.image.ImageDecoder;
import io.streetdigits.core.image.ImageLimits;
import io.streetdigits.core.image.ImagePreprocessor;
import io.streetdigits.core.label.DigitSequenceDecoder;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.model.ModelVersion;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * The test's reference: a model version run directly in ONNX Runtime, in this JVM, with the card's
 * preprocessing. What the pipeline answers must be exactly what this answers.
 */
final class ModelOracle implements AutoCloseable {

    private final ModelCard card;
    private final OrtSession session;
    private final ImagePreprocessor preprocessor;
    private final DigitSequenceDecoder decoder;
    private final ImageDecoder images = new ImageDecoder(ImageLimits.DEFAULT);

    ModelOracle(ModelVersion version) throws Exception {
        card = version.readCard();
        session = OrtEnvironment.getEnvironment().createSession(version.onnxFile().toString(),
                new OrtSession.SessionOptions());
        preprocessor = new ImagePreprocessor(card.preprocessing());
        decoder = new DigitSequenceDecoder(card.labels());
    }

    String read(byte[] encoded) throws Exception {
        float[] tensor = preprocessor.toTensor(images.decode(encoded, "oracle input"));
        float[][] probabilities = new float[card.labels().positions()][card.labels().classes()];
        try (OnnxTensor input = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(tensor),
                card.preprocessing().shape(1));
                OrtSession.Result result = session.run(Map.of(card.input().name(), input))) {
            for (int p = 0; p < probabilities.length; p++) {
                ((OnnxTensor) result.get(card.outputs().get(p)).orElseThrow()).getFloatBuffer()
                        .get(probabilities[p]);
            }
        }
        return decoder.decode(probabilities).digits();
    }

    @Override
    public void close() throws Exception {
        session.close();
    }
}
