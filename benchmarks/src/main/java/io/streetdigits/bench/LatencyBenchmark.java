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
 *
 * <p>When the first model gives its heat map's peak, the inference service may look closer at a photo (its
 * {@code CloserLook}): the locator looks again at {@link #TILES} tiles, and every later model reads all
 * {@link #TILES} + 1 looks. Those runs are timed in the same turns, and the cost of such a photo is printed too.
 */
final class LatencyBenchmark {

    private static final int RUNS_PER_TURN = 50;
    /** The tiles of a closer look, as the inference service's {@code CloserLook} cuts them. */
    private static final int TILES = 4;

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
        List<List<Double>> closerMillis = new ArrayList<>();
        try {
            for (ModelVersion version : versions) {
                sessions.add(OrtRuns.open(version.onnxFile()));
                cards.add(version.readCard());
                millis.add(new ArrayList<>());
                closerMillis.add(new ArrayList<>());
            }
            boolean closer = cards.get(0).givesPeak();
            SplittableRandom random = new SplittableRandom(1);
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < sessions.size(); i++) {
                    // Values in the normalised range: the time of these networks does not depend on the pixels.
                    float[] images = new float[(TILES + 1) * cards.get(i).preprocessing().tensorSize()];
                    for (int p = 0; p < images.length; p++) {
                        images[p] = (float) random.nextDouble(-1, 1);
                    }
                    millis.get(i).addAll(OrtRuns.batchOneMillis(sessions.get(i), cards.get(i), images,
                            RUNS_PER_TURN));
                    if (closer) {
                        closerMillis.get(i).addAll(OrtRuns.batchMillis(sessions.get(i), cards.get(i), images,
                                i == 0 ? TILES : TILES + 1, RUNS_PER_TURN));
                    }
                }
            }
        } finally {
            for (OrtSession session : sessions) {
                session.close();
            }
        }
        double sum = 0;
        double closerSum = 0;
        for (int i = 0; i < versions.size(); i++) {
            double p50 = Stats.percentile(millis.get(i), 50);
            sum += p50;
            System.out.printf("%s: p50 %.2f ms, p99 %.2f ms%n", versions.get(i).ref(), p50,
                    Stats.percentile(millis.get(i), 99));
            if (!closerMillis.get(i).isEmpty()) {
                double closerP50 = Stats.percentile(closerMillis.get(i), 50);
                closerSum += closerP50 + (i == 0 ? p50 : 0);
                System.out.printf("  in a closer look, %d %s: p50 %.2f ms%n", i == 0 ? TILES : TILES + 1,
                        i == 0 ? "tiles" : "looks", closerP50);
            }
        }
        System.out.printf("sum of p50s: %.2f ms%n", sum);
        if (closerSum > 0) {
            System.out.printf("a photo looked at closer (the first look, %d tiles, then %d looks through the rest):"
                    + " %.2f ms%n", TILES, TILES + 1, closerSum);
        }
        return 0;
    }
}
