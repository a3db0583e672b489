package io.streetdigits.bench;

import ai.onnxruntime.OrtSession;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.model.ModelVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Batch-1 ONNX Runtime latency of several models side by side, as the inference service opens them on the CPU: the
 * models take turns, a block of runs each per round, so a chain of models (locator, refiner, readers) is judged by
 * the sum of its parts measured under the same conditions. Prints each model's p50 and p99 and the sum of the p50s.
 */
final class LatencyBenchmark {

    private static final int RUNS_PER_TURN = 50;

    private final Path modelsDir;
    private final List<String> names;
    private final int rounds;

    LatencyBenchmark(BenchOptions options) {
        modelsDir = Path.of(options.text("models", "models"));
        names = List.of(options.text("names",
                "digit-locator,digit-refiner,digit-reader,character-refiner,character-reader").split(","));
        rounds = options.integer("rounds", 6);
        options.requireAllRead();
    }

    int run() throws Exception {
        ModelRepository repository = new ModelRepository(modelsDir);
        List<ModelVersion> versions = new ArrayList<>();
        for (String name : names) {
            versions.add(repository.latest(name.trim()).orElseThrow(() ->
                    new IllegalArgumentException("no model '" + name.trim() + "' in " + modelsDir)));
        }
        System.out.printf("batch-1 latency of %s, %d rounds of %d runs each, %s%n", versions.stream()
                .map(version -> version.ref().toString()).toList(), rounds, RUNS_PER_TURN, Machine.describe());
        List<OrtSession> sessions = new ArrayList<>();
        List<ModelCard> cards = new ArrayList<>();
        List<List<Double>> millis = new ArrayList<>();
        try {
            for (ModelVersion version : versions) {
                sessions.add(OrtRuns.open(version.onnxFile()));
                cards.add(version.readCard());
                millis.add(new ArrayList<>());
            }
            SplittableRandom random = new SplittableRandom(1);
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < sessions.size(); i++) {
                    // Values in the normalised range: the time of these networks does not depend on the pixels.
                    float[] image = new float[cards.get(i).preprocessing().tensorSize()];
                    for (int p = 0; p < image.length; p++) {
                        image[p] = (float) random.nextDouble(-1, 1);
                    }
                    millis.get(i).addAll(OrtRuns.batchOneMillis(sessions.get(i), cards.get(i), image,
                            RUNS_PER_TURN));
                }
            }
        } finally {
            for (OrtSession session : sessions) {
                session.close();
            }
        }
        double sum = 0;
        for (int i = 0; i < versions.size(); i++) {
            double p50 = Stats.percentile(millis.get(i), 50);
            sum += p50;
            System.out.printf("%s: p50 %.2f ms, p99 %.2f ms%n", versions.get(i).ref(), p50,
                    Stats.percentile(millis.get(i), 99));
        }
        System.out.printf("sum of p50s: %.2f ms%n", sum);
        return 0;
    }
}
