package io.streetdigits.bench;

import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.ImageDecoder;
import io.streetdigits.core.image.ImageLimits;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.pipeline.PipelineReader;
import io.streetdigits.core.pipeline.SessionPipeline;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Batch-1 latency of a pipeline, photo by photo, as the inference service runs it on the CPU: every photo of a
 * folder goes through the pipeline's executor alone ({@link PipelineReader#read}: each step's ONNX Runtime run,
 * the detector's decoding, the character crops), {@code runs} times; a photo's latency is the median of its runs.
 * Prints the median, the 99th percentile and the largest of those photo latencies, and the slowest photo: a
 * pipeline that looks more often at some photos shows it there, not in an average. Decoding the image file and
 * the first preprocessing are left out (measured in docs/benchmarks.md).
 */
final class LatencyBenchmark {

    private static final int WARM_UP_PHOTOS = 10;

    private final Path modelsDir;
    private final String pipeline;
    private final Path images;
    private final int runs;

    LatencyBenchmark(BenchOptions options) {
        modelsDir = Path.of(options.text("models", "models"));
        pipeline = options.text("pipeline", "house-number");
        images = Path.of(options.text("images", "data/samples/images"));
        runs = options.integer("runs", 15);
        options.requireAllRead();
    }

    int run() throws Exception {
        ModelRepository repository = new ModelRepository(modelsDir);
        try (SessionPipeline opened = SessionPipeline.open(repository, pipeline, OrtRuns::openAsService)) {
            PipelineReader reader = opened.reader();
            List<Path> files = photos();
            System.out.printf("batch-1 latency of pipeline %s %s on %d photos of %s, median of %d runs each, %s%n",
                    pipeline, reader.refs(), files.size(), images, runs, Machine.describe());
            ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
            float[] input = new float[reader.input().spec().tensorSize()];
            // The first photos would pay for the JIT and ONNX Runtime's lazy set-up: read a few first, untimed.
            for (Path file : files.subList(0, Math.min(WARM_UP_PHOTOS, files.size()))) {
                BufferedImage image = decoder.decode(Files.readAllBytes(file), file.toString());
                reader.input().write(image, CropRegion.whole(image.getWidth(), image.getHeight()), input, 0);
                for (int i = 0; i < runs; i++) {
                    reader.read(input, new BufferedImage[] {image}, 1);
                }
            }
            List<Double> photoMillis = new ArrayList<>(files.size());
            String slowest = null;
            for (Path file : files) {
                BufferedImage image = decoder.decode(Files.readAllBytes(file), file.toString());
                reader.input().write(image, CropRegion.whole(image.getWidth(), image.getHeight()), input, 0);
                BufferedImage[] batch = {image};
                reader.read(input, batch, 1); // warm-up: this photo's sizes
                List<Double> millis = new ArrayList<>(runs);
                for (int i = 0; i < runs; i++) {
                    long start = System.nanoTime();
                    reader.read(input, batch, 1);
                    millis.add((System.nanoTime() - start) / 1e6);
                }
                double median = Stats.percentile(millis, 50);
                if (photoMillis.isEmpty() || median > photoMillis.stream().mapToDouble(d -> d).max().orElseThrow()) {
                    slowest = file.getFileName().toString();
                }
                photoMillis.add(median);
            }
            System.out.printf("per photo: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%s)%n",
                    Stats.percentile(photoMillis, 50), Stats.percentile(photoMillis, 99),
                    Stats.percentile(photoMillis, 100), slowest);
            return 0;
        }
    }

    private List<Path> photos() throws Exception {
        try (Stream<Path> files = Files.list(images)) {
            List<Path> photos = files.filter(p -> p.getFileName().toString().matches("(?i).*\\.(png|jpe?g)"))
                    .sorted().toList();
            if (photos.isEmpty()) {
                throw new IllegalArgumentException("no PNG or JPEG photos in " + images);
            }
            return photos;
        }
    }
}
