package io.streetdigits.trainer.publish;

import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.model.ModelVersion;
import io.streetdigits.core.model.ParityCheck;
import io.streetdigits.core.model.TensorSpec;
import io.streetdigits.core.model.TrainingProvenance;
import io.streetdigits.trainer.data.TrainingImage;
import io.streetdigits.trainer.export.ExportedModel;
import io.streetdigits.trainer.export.OnnxParityChecker;
import io.streetdigits.trainer.training.EpochReport;
import io.streetdigits.trainer.training.TrainingOutcome;
import io.streetdigits.trainer.training.TrainingSpec;
import io.streetdigits.trainer.training.TrainingTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns a trained network into a published model version: exports it to ONNX, proves DL4J/ONNX Runtime parity on
 * real validation images, writes the model card, and publishes both to the repository. An export that fails
 * parity is never published.
 */
public final class ModelPackager {

    private static final Logger LOG = Logger.getLogger(ModelPackager.class);
    private static final int PARITY_SAMPLES = 32;
    private static final String FRAMEWORK = "deeplearning4j 1.0.0-M2.1";

    private ModelPackager() {
    }

    public static ModelVersion publish(TrainingOutcome outcome, TrainingSpec spec, List<TrainingImage> valImages,
            ModelRepository repository, String codeVersion) throws IOException {
        TrainingTask task = spec.task();
        PreprocessingSpec preprocessing = task.preprocessing();
        List<Long> inputShape = List.of((long) PreprocessingSpec.CHANNELS, (long) preprocessing.height(),
                (long) preprocessing.width());
        ExportedModel model = outcome.model().export(inputShape, spec.modelName(),
                "Street Digits " + task.architecture() + " (" + task.cardTask() + ")");

        List<TrainingImage> samples = valImages.subList(0, Math.min(PARITY_SAMPLES, valImages.size()));
        INDArray inputs = task.features(samples);
        ParityCheck parity = OnnxParityChecker.check(model, inputs, outcome.model().outputs(inputs));
        if (!parity.passed()) {
            throw new IllegalStateException(String.format("the ONNX export of %s differs from the trained model by"
                    + " %.3g (tolerance %.0e); it was not published", spec.modelName(), parity.maxAbsDifference(),
                    parity.tolerance()));
        }
        LOG.infof("ONNX export agrees with the trained model on %d validation images: max abs difference %.3g",
                parity.samples(), parity.maxAbsDifference());

        ModelCard card = new ModelCard(spec.modelName(), 0, task.architecture(), task.cardTask(),
                new TensorSpec(model.inputName(), List.of(-1L, inputShape.get(0), inputShape.get(1), inputShape.get(2))),
                model.outputNames(), preprocessing, task.labels(), task.runsBehind(), outcome.validation().metrics(),
                outcome.model().parameterCount(), outcome.model().flopsPerImage(),
                new TrainingProvenance(spec.dataRoot().toAbsolutePath().normalize()
                        + (spec.sceneMosaics() > 0 ? " + " + spec.sceneMosaics() + " scene mosaics" : "")
                        + (spec.syntheticImages() > 0 ? " + " + spec.syntheticImages() + " synthetic" : ""),
                        outcome.trainImages(), outcome.valImages(), spec.seed(), spec.epochs(),
                        spec.batchSize(), hyperParameters(spec, outcome), codeVersion, FRAMEWORK, outcome.seconds(),
                        Instant.now(), medianImagesPerSecond(outcome), ProcessMemory.peakResidentBytes(),
                        spec.command()),
                parity, Instant.now());

        ModelVersion version = publish(model, card, repository);
        LOG.infof("Published %s to %s (%s)", version.ref(), version.directory(), outcome.validation().metrics());
        return version;
    }

    /** Publishes an exported model with its card as the name's next version. */
    public static ModelVersion publish(ExportedModel model, ModelCard card, ModelRepository repository)
            throws IOException {
        Path staging = Files.createTempDirectory("streetdigits-export-");
        Path staged = staging.resolve(ModelVersion.MODEL_FILE);
        try {
            model.writeTo(staged);
            return repository.publish(staged, card);
        } finally {
            Files.deleteIfExists(staged);
            Files.deleteIfExists(staging);
        }
    }

    private static Double medianImagesPerSecond(TrainingOutcome outcome) {
        double[] rates = outcome.epochs().stream().mapToDouble(EpochReport::imagesPerSecond).sorted().toArray();
        return rates.length == 0 ? null : rates[rates.length / 2];
    }

    private static Map<String, String> hyperParameters(TrainingSpec spec, TrainingOutcome outcome) {
        Map<String, String> values = new LinkedHashMap<>(spec.hyperParameters());
        values.put("weightsFromEpoch", Integer.toString(outcome.bestEpoch()));
        return values;
    }
}
