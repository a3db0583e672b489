package io.streetdigits.trainer;

import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.label.LabelSchema;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.model.TensorSpec;
import io.streetdigits.trainer.export.ExportedModel;
import io.streetdigits.trainer.network.DigitCnn;
import io.streetdigits.trainer.network.DigitCnnConfig;
import io.streetdigits.trainer.network.DigitDetector;
import io.streetdigits.trainer.training.TrainedNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Small networks exported untrained and published with their cards: for tests of what joins or runs models, where
 * what they read does not matter. Each seed gives other weights.
 */
public final class UntrainedModels {

    private UntrainedModels() {
    }

    /** A character reader: a 32x32 square, one softmax head. */
    public static ModelRef characterReader(ModelRepository repository, String name, long seed) throws IOException {
        DigitCnnConfig config = new DigitCnnConfig(32, 32, List.of(4, 8), 16, 0.1, 1);
        return publish(repository, name, DigitCnn.CHARACTER_READER.name(), ModelCard.READS_CHARACTERS, config,
                DigitCnn.build(config, new Adam(1e-3), 0, seed), LabelSchema.of(1));
    }

    /** A reader of whole photos: 16x32, six position heads. */
    public static ModelRef photoReader(ModelRepository repository, String name, long seed) throws IOException {
        DigitCnnConfig config = new DigitCnnConfig(16, 32, List.of(4, 8), 16, 0.1, 6);
        return publish(repository, name, DigitCnn.DESCRIPTOR.name(), ModelCard.READS_DIGITS, config,
                DigitCnn.build(config, new Adam(1e-3), 0, seed), LabelSchema.of(6));
    }

    /** A detector of characters: 32x64, its two maps. */
    public static ModelRef detector(ModelRepository repository, String name, long seed) throws IOException {
        DigitCnnConfig config = new DigitCnnConfig(32, 64, List.of(4, 8, 8, 8, 8), 1, 0, 1);
        return publish(repository, name, DigitDetector.DESCRIPTOR.name(), ModelCard.DETECTS_CHARACTERS, config,
                DigitDetector.build(config, new Adam(1e-3), 0, seed), null);
    }

    private static ModelRef publish(ModelRepository repository, String name, String architecture, String task,
            DigitCnnConfig config, ComputationGraph network, LabelSchema labels) throws IOException {
        int height = config.inputHeight();
        int width = config.inputWidth();
        ExportedModel exported = new TrainedNetwork(network, height, width)
                .export(List.of(3L, (long) height, (long) width), name, "untrained, for tests");
        Path onnx = Files.createTempFile("untrained-", ".onnx");
        try {
            Files.write(onnx, exported.bytes());
            return repository.publish(onnx, new ModelCard(name, 0, architecture, task,
                    new TensorSpec(exported.inputName(), List.of(-1L, 3L, (long) height, (long) width)),
                    exported.outputNames(), PreprocessingSpec.centred(width, height), labels, null, Map.of(),
                    network.numParams(), null, null, null, Instant.now())).ref();
        } finally {
            Files.deleteIfExists(onnx);
        }
    }
}
