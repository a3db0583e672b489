package io.streetdigits.trainer.evaluation;

import ai.onnxruntime.OrtEnvironment;
import io.streetdigits.core.contract.DigitReading;
import io.streetdigits.core.image.ImageDecoder;
import io.streetdigits.core.image.ImageLimits;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.pipeline.PipelineReader;
import io.streetdigits.core.pipeline.PipelineSpec;
import io.streetdigits.core.pipeline.SessionPipeline;
import io.streetdigits.trainer.data.LabelledImageFolder;
import io.streetdigits.trainer.data.TrainingImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads labelled photos through a declared pipeline (the serving versions of its models, in ONNX Runtime, through
 * the same {@link PipelineReader} as serving) and reports how well it reads: whole-string accuracy by number
 * length, and how far its confidence can be trusted ({@link #CONFIDENCE_LEVELS}). The way to choose a pipeline's
 * settings on held-out training photos, and to report it on the validation photos.
 */
public final class PipelineEvaluation {

    /** The confidence thresholds the report gives coverage and accuracy at. */
    public static final List<Double> CONFIDENCE_LEVELS = List.of(0.5, 0.9, 0.99);
    private static final int BATCH = 64;

    private PipelineEvaluation() {
    }

    /** One photo: its file, its label and what the pipeline read. */
    public record Read(String fileName, String truth, DigitReading reading) {
        public boolean right() {
            return reading.digits().equals(truth);
        }
    }

    /** Reads every image through the pipeline as declared in the repository, with the given steps instead. */
    public static List<Read> read(ModelRepository repository, String name, PipelineSpec spec,
            List<TrainingImage> images) throws Exception {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (SessionPipeline pipeline = SessionPipeline.open(repository, name, spec,
                onnx -> environment.createSession(onnx.toString()))) {
            PipelineReader reader = pipeline.reader();
            int size = reader.input().spec().tensorSize();
            List<Read> reads = new ArrayList<>(images.size());
            for (int start = 0; start < images.size(); start += BATCH) {
                List<TrainingImage> batch = images.subList(start, Math.min(start + BATCH, images.size()));
                float[] inputs = new float[batch.size() * size];
                BufferedImage[] photos = new BufferedImage[batch.size()];
                for (int i = 0; i < batch.size(); i++) {
                    photos[i] = batch.get(i).image();
                    reader.input().write(photos[i], batch.get(i).whole(), inputs, i * size);
                }
                List<DigitReading> readings = reader.read(inputs, photos, batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    reads.add(new Read(batch.get(i).label().fileName(), batch.get(i).label().code(),
                            readings.get(i)));
                }
            }
            return reads;
        }
    }

    /** The report, as Markdown tables. */
    public static String report(String title, List<Read> reads) {
        StringBuilder text = new StringBuilder();
        long right = reads.stream().filter(Read::right).count();
        long miscounted = reads.stream().filter(read -> read.reading().digits().length() != read.truth().length())
                .count();
        text.append(String.format("%s: %d of %d read right, whole-string accuracy %.3f; of the %d read wrong, %d"
                + " with too many or too few characters, %d with a character misread%n%n", title, right,
                reads.size(), reads.isEmpty() ? 0 : (double) right / reads.size(), reads.size() - right, miscounted,
                reads.size() - right - miscounted));
        text.append("| digits | photos | read right | accuracy |\n| --- | --- | --- | --- |\n");
        int longest = reads.stream().mapToInt(read -> read.truth().length()).max().orElse(0);
        for (int length = 1; length <= longest; length++) {
            int n = length;
            List<Read> these = reads.stream().filter(read -> read.truth().length() == n).toList();
            if (!these.isEmpty()) {
                long ok = these.stream().filter(Read::right).count();
                text.append(String.format("| %d | %d | %d | %.3f |%n", length, these.size(), ok,
                        (double) ok / these.size()));
            }
        }
        text.append("\n| confidence at least | share of photos | accuracy among them |\n| --- | --- | --- |\n");
        for (double level : CONFIDENCE_LEVELS) {
            List<Read> sure = reads.stream().filter(read -> read.reading().confidence() >= level).toList();
            long ok = sure.stream().filter(Read::right).count();
            text.append(String.format("| %.2f | %.3f (%d) | %s |%n", level,
                    reads.isEmpty() ? 0 : (double) sure.size() / reads.size(), sure.size(),
                    sure.isEmpty() ? "-" : String.format("%.3f", (double) ok / sure.size())));
        }
        return text.toString();
    }

    /** The photos to evaluate on: a split of the data folder, or the last {@code holdOut} of its training photos. */
    public static List<TrainingImage> images(Path dataRoot, String split, int holdOut)
            throws IOException {
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        if (holdOut > 0) {
            List<TrainingImage> train = LabelledImageFolder.split(dataRoot, "train").load(decoder, 0);
            return train.subList(Math.max(0, train.size() - holdOut), train.size());
        }
        return LabelledImageFolder.split(dataRoot, split).load(decoder, 0);
    }
}
