package io.streetdigits.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.streetdigits.core.contract.DigitReading;
import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.DigitRegion;
import io.streetdigits.core.image.ImageDecoder;
import io.streetdigits.core.image.ImageLimits;
import io.streetdigits.core.image.ImagePreprocessor;
import io.streetdigits.core.label.DigitSequenceDecoder;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.model.ModelVersion;
import io.streetdigits.core.model.TrainingProvenance;
import io.streetdigits.core.pipeline.PipelineReader;
import io.streetdigits.core.pipeline.SessionPipeline;
import io.streetdigits.core.tianchi.CharacterBox;
import io.streetdigits.core.tianchi.LabelledImage;
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
 * {@code ./streetdigits compare}'s measuring half (the launcher trains the models first). For each named classifier
 * of characters: reads the validation photos' labelled characters, each in its square, with ONNX Runtime as serving
 * preprocesses and decodes them; reads the validation photos whole through the pipeline the model serves behind
 * ({@link ModelRepository#reading}), as {@code ./streetdigits recognize --model NAME} does; times ONNX Runtime at
 * batch 1 and batch 64; and takes parameters, operations, training time and memory from the model card. kNN's other
 * k and distances are read on the characters too. Writes the Markdown tables, the JSON the gateway's page charts,
 * and the course's chart as a picture.
 */
final class ModelComparison {

    private static final int BATCH = 64;

    private final ModelRepository repository;
    private final List<String> names;
    private final Path valDir;
    private final Path valLabels;
    private final Path report;
    private final ModelRepository knnRepository;
    private final ModelRepository oneDnnRepository;
    private final String command;
    private final long startedAt;
    private final int latencyRuns;

    ModelComparison(BenchOptions options) {
        repository = new ModelRepository(Path.of(options.text("models", "models")));
        String named = options.text("names", "");
        if (named.isEmpty()) {
            throw new IllegalArgumentException("--names lists the models to compare (./streetdigits compare names"
                    + " the zoo's)");
        }
        names = List.of(named.split(","));
        Path data = Path.of(options.text("data-dir", "../shared/data/mchar"));
        valDir = data.resolve("val");
        valLabels = data.resolve("val.json");
        report = Path.of(options.text("report", "docs/model-comparison.md"));
        Path knn = options.optionalPath("knn-models");
        knnRepository = knn == null ? null : new ModelRepository(knn);
        Path oneDnn = options.optionalPath("onednn-models");
        oneDnnRepository = oneDnn == null ? null : new ModelRepository(oneDnn);
        command = options.text("command", "./streetdigits compare");
        startedAt = Long.parseLong(options.text("started", Long.toString(System.currentTimeMillis() / 1000)));
        latencyRuns = options.integer("latency-runs", 200);
        options.requireAllRead();
    }

    /** The validation photos, decoded, with their labels. */
    private record Photos(List<LabelledImage> labels, Map<String, BufferedImage> images) {
    }

    int run() throws Exception {
        if (!Files.isRegularFile(valLabels) || !Files.isDirectory(valDir)) {
            throw new IllegalArgumentException("the comparison reads the validation images from " + valDir + " and "
                    + valLabels + ", which are missing; point --data-dir at the competition's folder");
        }
        Photos val = decode(TianchiLabels.read(valLabels));
        int characters = val.labels().stream().mapToInt(label -> label.characters().size()).sum();
        List<ComparedModel> rows = new ArrayList<>();
        for (String name : names) {
            ModelVersion version = repository.latest(name).orElseThrow(() -> new IllegalArgumentException(
                    "no model '" + name + "' in " + repository.root() + "; train it first (./streetdigits compare"
                            + " trains every model it compares unless told --skip-training)"));
            ComparedModel row = measure(version, val);
            rows.add(row);
            System.out.printf("%-10s characters %.3f  whole photos %.3f  %,d parameters  %,.1f MFLOPs  batch 1"
                            + " %.2f ms  batch 64 %,.0f/s%n", name, row.characterAccuracy(), row.wholeStringAccuracy(),
                    row.parameters(), row.flops() / 1e6, row.batchOneMillis(), row.batch64ImagesPerSecond());
        }
        Map<String, Double> knnSweep = knnRepository == null ? Map.of() : knnSweep(val);
        Map<String, double[]> oneDnn = oneDnnRepository == null ? Map.of() : oneDnnThroughput();
        double minutes = (System.currentTimeMillis() / 1000.0 - startedAt) / 60;
        new ComparisonReport(rows, knnSweep, oneDnn, command, val.labels().size(), characters, minutes).write(report);
        System.out.printf("wrote %s, %s and %s, %.0f minutes after the command started%n", report,
                ComparisonReport.sibling(report, ".json"), ComparisonReport.sibling(report, ".svg"), minutes);
        return 0;
    }

    private Photos decode(List<LabelledImage> labels) throws Exception {
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        Map<String, BufferedImage> images = new HashMap<>();
        for (LabelledImage label : labels) {
            Path file = valDir.resolve(label.fileName());
            images.put(label.fileName(), decoder.decode(Files.readAllBytes(file), file.toString()));
        }
        return new Photos(labels, images);
    }

    private ComparedModel measure(ModelVersion version, Photos val) throws Exception {
        ModelCard card = version.readCard();
        if (!card.task().equals(ModelCard.READS_CHARACTERS)) {
            throw new IllegalArgumentException(version.ref() + " is a " + card.task() + " model; the comparison is of"
                    + " classifiers of characters");
        }
        float[] squares = squares(card, val);
        double characters;
        double batchOne;
        double throughput;
        try (OrtSession session = OrtRuns.open(version.onnxFile())) {
            characters = characterAccuracy(session, card, val, squares);
            batchOne = Stats.percentile(OrtRuns.batchOneMillis(session, card, squares, latencyRuns), 50);
            throughput = OrtRuns.imagesPerSecond(session, card, squares, BATCH, 3, 2);
        }
        TrainingProvenance provenance = card.provenance();
        return new ComparedModel(card.name(), card.version(), settings(card), characters,
                wholeStringAccuracy(card.name(), val), card.parameterCount(),
                card.flopsPerImage() == null ? 0 : card.flopsPerImage(), Files.size(version.onnxFile()), batchOne,
                throughput, provenance.epochs(), provenance.trainingSeconds(),
                provenance.peakMemoryBytes() == null ? null : provenance.peakMemoryBytes() / (1024.0 * 1024.0),
                provenance.command());
    }

    /** Every labelled character's square, preprocessed for the model, in label order. */
    private static float[] squares(ModelCard card, Photos val) {
        ImagePreprocessor preprocessor = new ImagePreprocessor(card.preprocessing());
        double margin = Double.parseDouble(card.provenance().hyperParameters().getOrDefault("digitMargin", "0"));
        int size = card.preprocessing().tensorSize();
        int count = val.labels().stream().mapToInt(label -> label.characters().size()).sum();
        float[] squares = new float[count * size];
        int at = 0;
        for (LabelledImage label : val.labels()) {
            BufferedImage image = val.images().get(label.fileName());
            for (CharacterBox box : label.characters()) {
                CropRegion square = DigitRegion.square((box.left() + box.right()) / 2, (box.top() + box.bottom()) / 2,
                        box.width(), box.height(), margin);
                preprocessor.write(image, square, squares, at++ * size);
            }
        }
        return squares;
    }

    /** The share of the squares whose reading is their labelled digit. */
    private static double characterAccuracy(OrtSession session, ModelCard card, Photos val, float[] squares)
            throws Exception {
        List<Integer> digits = val.labels().stream().flatMap(label -> label.characters().stream())
                .map(CharacterBox::digit).toList();
        DigitSequenceDecoder decoder = new DigitSequenceDecoder(card.labels());
        int size = card.preprocessing().tensorSize();
        int right = 0;
        for (int start = 0; start < digits.size(); start += BATCH) {
            int count = Math.min(BATCH, digits.size() - start);
            try (OnnxTensor input = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(),
                    FloatBuffer.wrap(squares, start * size, count * size), card.preprocessing().shape(count));
                    OrtSession.Result result = session.run(Map.of(card.input().name(), input))) {
                float[][] probabilities = (float[][]) result.get(card.outputs().get(0)).orElseThrow().getValue();
                for (int i = 0; i < count; i++) {
                    String read = decoder.decode(new float[][] {probabilities[i]}).digits();
                    right += read.equals(Integer.toString(digits.get(start + i))) ? 1 : 0;
                }
            }
        }
        return digits.isEmpty() ? 0 : (double) right / digits.size();
    }

    /** The competition's metric on the validation photos read through the pipeline the model serves behind. */
    private double wholeStringAccuracy(String name, Photos val) throws Exception {
        Map<String, String> readings = new HashMap<>();
        try (SessionPipeline pipeline = SessionPipeline.open(repository, name, OrtRuns::openAsService)) {
            PipelineReader reader = pipeline.reader();
            int size = reader.input().spec().tensorSize();
            for (int start = 0; start < val.labels().size(); start += BATCH) {
                List<LabelledImage> batch = val.labels().subList(start, Math.min(start + BATCH, val.labels().size()));
                float[] inputs = new float[batch.size() * size];
                BufferedImage[] images = new BufferedImage[batch.size()];
                for (int i = 0; i < batch.size(); i++) {
                    images[i] = val.images().get(batch.get(i).fileName());
                    System.arraycopy(reader.input().toTensor(images[i]), 0, inputs, i * size, size);
                }
                List<DigitReading> read = reader.read(inputs, images, batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    readings.put(batch.get(i).fileName(), read.get(i).digits());
                }
            }
        }
        return SubmissionScorer.score(val.labels(), readings).accuracy();
    }

    /** What tells this model apart, from the card's hyper-parameters. */
    private static String settings(ModelCard card) {
        Map<String, String> values = card.provenance().hyperParameters();
        Map<String, String> shown = new LinkedHashMap<>();
        for (String key : List.of("mlpHidden", "width", "k", "distance")) {
            if (values.containsKey(key)) {
                shown.put(key, values.get(key));
            }
        }
        shown.put("input", values.get("inputHeight") + "x" + values.get("inputWidth"));
        return shown.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /** The character accuracy of each kNN the launcher fitted beside the zoo's own, by its name. */
    private Map<String, Double> knnSweep(Photos val) throws Exception {
        Map<String, Double> accuracies = new LinkedHashMap<>();
        for (String name : knnRepository.modelNames()) {
            ModelVersion version = knnRepository.latest(name).orElseThrow();
            ModelCard card = version.readCard();
            try (OrtSession session = OrtRuns.open(version.onnxFile())) {
                accuracies.put(settings(card), characterAccuracy(session, card, val, squares(card, val)));
            }
        }
        return accuracies;
    }

    /**
     * Training characters per second with and without oneDNN, from the short runs the launcher trains into a
     * scratch repository as {@code <name>-onednn-on} and {@code <name>-onednn-off}.
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
