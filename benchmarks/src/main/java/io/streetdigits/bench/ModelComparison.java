package io.streetdigits.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.streetdigits.core.image.ImageDecoder;
import io.streetdigits.core.image.ImageLimits;
import io.streetdigits.core.image.ImagePreprocessor;
import io.streetdigits.core.label.DigitSequenceDecoder;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.model.ModelVersion;
import io.streetdigits.core.model.TrainingProvenance;
import io.streetdigits.core.tianchi.LabelledImage;
import io.streetdigits.core.tianchi.SubmissionScore;
import io.streetdigits.core.tianchi.SubmissionScorer;
import io.streetdigits.core.tianchi.TianchiLabels;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code ./streetdigits compare}'s measuring half (the launcher trains the models first): for each named model,
 * reads the validation images with ONNX Runtime exactly as serving preprocesses and decodes them and scores the
 * readings, times ONNX Runtime at batch 1 and batch 64, and takes parameters, operations, training time and memory
 * from the model card. Writes the Markdown table, the JSON the gateway's page charts, and a standalone HTML chart.
 */
final class ModelComparison {

    private static final int BATCH = 64;

    private final ModelRepository repository;
    private final List<String> names;
    private final Path valDir;
    private final Path valLabels;
    private final Path report;
    private final ModelRepository oneDnnRepository;
    private final String command;
    private final int latencyRuns;

    ModelComparison(BenchOptions options) {
        repository = new ModelRepository(Path.of(options.text("models", "models")));
        names = List.of(options.text("names", "knn,softmax,mlp,lenet5,alexnet,vgg11,vgg16,googlenet,resnet18")
                .split(","));
        Path data = Path.of(options.text("data-dir", "../shared/data/mchar"));
        valDir = data.resolve("val");
        valLabels = data.resolve("val.json");
        report = Path.of(options.text("report", "docs/model-comparison.md"));
        Path oneDnn = options.optionalPath("onednn-models");
        oneDnnRepository = oneDnn == null ? null : new ModelRepository(oneDnn);
        command = options.text("command", "./streetdigits compare");
        latencyRuns = options.integer("latency-runs", 200);
        options.requireAllRead();
    }

    int run() throws Exception {
        if (!Files.isRegularFile(valLabels) || !Files.isDirectory(valDir)) {
            throw new IllegalArgumentException("the comparison reads the validation images from " + valDir + " and "
                    + valLabels + ", which are missing; point --data-dir at the competition's folder");
        }
        List<LabelledImage> labels = TianchiLabels.read(valLabels);
        Map<String, BufferedImage> images = decode(labels);
        List<ComparedModel> rows = new ArrayList<>();
        for (String name : names) {
            ModelVersion version = repository.latest(name).orElseThrow(() -> new IllegalArgumentException(
                    "no model '" + name + "' in " + repository.root() + "; train it first (./streetdigits compare"
                            + " trains every model it compares unless told --skip-training)"));
            ComparedModel row = measure(version, labels, images);
            rows.add(row);
            System.out.printf("%-10s whole-string %.3f  character %.3f  %,d parameters  %,.1f MFLOPs  batch 1 %.2f ms"
                            + "  batch 64 %,.0f images/s%n", name, row.wholeStringAccuracy(), row.characterAccuracy(),
                    row.parameters(), row.flops() / 1e6, row.batchOneMillis(), row.batch64ImagesPerSecond());
        }
        Map<String, double[]> oneDnn = oneDnnRepository == null ? Map.of() : oneDnnThroughput();
        new ComparisonReport(rows, oneDnn, command, labels.size()).write(report);
        System.out.println("wrote " + report + ", " + ComparisonReport.sibling(report, ".json") + " and "
                + ComparisonReport.sibling(report, ".html"));
        return 0;
    }

    private Map<String, BufferedImage> decode(List<LabelledImage> labels) throws Exception {
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        Map<String, BufferedImage> images = new HashMap<>();
        for (LabelledImage label : labels) {
            Path file = valDir.resolve(label.fileName());
            images.put(label.fileName(), decoder.decode(Files.readAllBytes(file), file.toString()));
        }
        return images;
    }

    private ComparedModel measure(ModelVersion version, List<LabelledImage> labels,
            Map<String, BufferedImage> images) throws Exception {
        ModelCard card = version.readCard();
        if (!card.task().equals(ModelCard.READS_DIGITS)) {
            throw new IllegalArgumentException(version.ref() + " does not read whole photos; the comparison is of"
                    + " readers of whole photos");
        }
        ImagePreprocessor preprocessor = new ImagePreprocessor(card.preprocessing());
        int size = card.preprocessing().tensorSize();
        float[] tensors = new float[labels.size() * size];
        for (int i = 0; i < labels.size(); i++) {
            float[] one = preprocessor.toTensor(images.get(labels.get(i).fileName()));
            System.arraycopy(one, 0, tensors, i * size, size);
        }
        try (OrtSession session = OrtRuns.open(version.onnxFile())) {
            SubmissionScore score = score(session, card, labels, tensors);
            double batchOne = Stats.percentile(OrtRuns.batchOneMillis(session, card, tensors, latencyRuns), 50);
            double throughput = OrtRuns.imagesPerSecond(session, card, tensors, BATCH, 3, 2);
            TrainingProvenance provenance = card.provenance();
            Double secondsPerEpoch = provenance.imagesPerSecond() == null ? null
                    : provenance.trainImages() / provenance.imagesPerSecond();
            Double peakMiB = provenance.peakMemoryBytes() == null ? null
                    : provenance.peakMemoryBytes() / (1024.0 * 1024.0);
            return new ComparedModel(card.name(), card.version(), card.architecture(), settings(card),
                    score.accuracy(), score.characterAccuracy(), card.parameterCount(),
                    card.flopsPerImage() == null ? 0 : card.flopsPerImage(), Files.size(version.onnxFile()),
                    batchOne, throughput, provenance.epochs(), secondsPerEpoch, peakMiB);
        }
    }

    /** What tells two models of one architecture apart, from the card's hyper-parameters. */
    private static String settings(ModelCard card) {
        Map<String, String> values = card.provenance().hyperParameters();
        Map<String, String> shown = new LinkedHashMap<>();
        for (String key : List.of("vggDepth", "mlpHidden", "width", "k", "distance")) {
            if (values.containsKey(key)) {
                shown.put(key, values.get(key));
            }
        }
        shown.put("input", values.get("inputHeight") + "x" + values.get("inputWidth"));
        return shown.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static SubmissionScore score(OrtSession session, ModelCard card, List<LabelledImage> labels,
            float[] tensors) throws Exception {
        DigitSequenceDecoder decoder = new DigitSequenceDecoder(card.labels());
        int size = card.preprocessing().tensorSize();
        Map<String, String> readings = new HashMap<>();
        for (int start = 0; start < labels.size(); start += BATCH) {
            int count = Math.min(BATCH, labels.size() - start);
            try (OnnxTensor input = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(),
                    FloatBuffer.wrap(tensors, start * size, count * size), card.preprocessing().shape(count));
                    OrtSession.Result result = session.run(Map.of(card.input().name(), input))) {
                float[][][] outputs = new float[card.outputs().size()][][];
                for (int p = 0; p < outputs.length; p++) {
                    OnnxValue value = result.get(card.outputs().get(p)).orElseThrow();
                    outputs[p] = (float[][]) value.getValue();
                }
                for (int i = 0; i < count; i++) {
                    float[][] probabilities = new float[outputs.length][];
                    for (int p = 0; p < outputs.length; p++) {
                        probabilities[p] = outputs[p][i];
                    }
                    readings.put(labels.get(start + i).fileName(), decoder.decode(probabilities).digits());
                }
            }
        }
        return SubmissionScorer.score(labels, readings);
    }

    /**
     * Training images per second with and without oneDNN, from the short runs the launcher trains into a scratch
     * repository as {@code <name>-onednn-on} and {@code <name>-onednn-off}.
     */
    private Map<String, double[]> oneDnnThroughput() throws Exception {
        Map<String, double[]> rates = new LinkedHashMap<>();
        for (String name : names) {
            var on = oneDnnRepository.latest(name + "-onednn-on");
            var off = oneDnnRepository.latest(name + "-onednn-off");
            if (on.isPresent() && off.isPresent()) {
                rates.put(name, new double[] {on.get().readCard().provenance().imagesPerSecond(),
                        off.get().readCard().provenance().imagesPerSecond()});
            }
        }
        return rates;
    }
}
