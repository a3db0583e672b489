package io.streetdigits.inference.recognition;

import io.streetdigits.core.contract.DigitReading;
import io.streetdigits.core.contract.ErrorCode;
import io.streetdigits.core.contract.MalformedRequestException;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.contract.RecognitionError;
import io.streetdigits.core.contract.RecognitionRequest;
import io.streetdigits.core.contract.RecognitionRequestCodec;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.core.contract.Timings;
import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.ImageDecoder;
import io.streetdigits.core.image.ImageRejectedException;
import io.streetdigits.core.pipeline.PipelineReader;
import io.streetdigits.inference.InferenceConfig;
import io.streetdigits.inference.model.LeasedPipeline;
import io.streetdigits.inference.model.ModelNotFoundException;
import io.streetdigits.inference.model.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Answers a batch of request records: each pipeline named in the batch (or model read alone) runs once over all of
 * its requests, through the core's one executor ({@code PipelineReader}), and every request gets its own result.
 * Nothing here throws: a record that cannot be read, an image that cannot be used, an unknown pipeline or model or
 * a failed run becomes an error result (and a dead letter) for the requests concerned only.
 *
 * <p>Images are decoded in parallel, straight into the batch tensor. A pipeline that crops characters keeps the
 * decoded images until it has cropped them, so a batch is worked through in chunks whose images, by what their
 * headers declare, take at most the decoding budget in memory. A chunk that still fails (out of memory, or a model
 * error) is retried image by image, so one image costs only its own answer.
 */
@ApplicationScoped
public class BatchRecogniser implements RecordReader {

    private static final Logger LOG = Logger.getLogger(BatchRecogniser.class);

    private final ModelRegistry models;
    private final ImageDecoder decoder;
    private final long decodingBudget;
    private final InferenceMetrics metrics;

    @Inject
    public BatchRecogniser(ModelRegistry models, InferenceConfig config, InferenceMetrics metrics) {
        this.models = models;
        this.decoder = new ImageDecoder(config.image().limits());
        this.decodingBudget = config.image().decodingBudgetBytes();
        this.metrics = metrics;
    }

    /** One poll's records, their requests and their answers, by position. */
    private record Batch(List<ConsumerRecord<String, byte[]>> records, RecognitionRequest[] requests,
            Answer[] answers, Instant picked) {
    }

    /** Answers, in the order of the records. */
    @Override
    public List<Answer> recognise(List<ConsumerRecord<String, byte[]>> records) {
        long start = System.nanoTime();
        Batch batch = new Batch(records, new RecognitionRequest[records.size()], new Answer[records.size()],
                Instant.now());
        Map<String, List<Integer>> byModel = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, byte[]> record = records.get(i);
            try {
                batch.requests()[i] = RecognitionRequestCodec.fromRecord(record.key(), record.value(),
                        record.headers(), record.timestamp());
                byModel.computeIfAbsent(batch.requests()[i].requestedModel().orElse(models.defaultModel()),
                        name -> new ArrayList<>()).add(i);
            } catch (MalformedRequestException e) {
                batch.answers()[i] = reject(record, RecognitionResult.failure(e.requestId(),
                        new RecognitionError(ErrorCode.MALFORMED_REQUEST, e.getMessage()), Instant.now()));
            }
        }
        metrics.stage(InferenceMetrics.Stage.READ, System.nanoTime() - start);
        byModel.forEach((model, indexes) -> runModel(model, indexes, batch));
        return Arrays.asList(batch.answers());
    }

    /** An error answer for a record that is not to be read at all, with its request's id when it has one. */
    @Override
    public Answer refuse(ConsumerRecord<String, byte[]> record, ErrorCode code, String message) {
        try {
            RecognitionRequest request = RecognitionRequestCodec.fromRecord(record.key(), record.value(),
                    record.headers(), record.timestamp());
            return reject(record, RecognitionResult.failure(request, new RecognitionError(code, message), null,
                    Instant.now()));
        } catch (MalformedRequestException e) {
            return reject(record, RecognitionResult.failure(e.requestId(), new RecognitionError(code, message),
                    Instant.now()));
        }
    }

    private void runModel(String name, List<Integer> indexes, Batch batch) {
        LeasedPipeline pipeline;
        try {
            pipeline = models.leasePipeline(name);
        } catch (ModelNotFoundException e) {
            failAll(indexes, batch, new RecognitionError(ErrorCode.MODEL_NOT_FOUND, e.getMessage()), null);
            return;
        }
        try (pipeline) {
            long start = System.nanoTime();
            List<List<Integer>> chunks = chunks(indexes, batch);
            metrics.stage(InferenceMetrics.Stage.READ, System.nanoTime() - start);
            for (List<Integer> chunk : chunks) {
                runOrRetryAlone(pipeline, chunk, batch);
            }
        }
    }

    /** Splits requests so that no chunk's images take more than the decoding budget, decoded. */
    private List<List<Integer>> chunks(List<Integer> indexes, Batch batch) {
        if (indexes.size() == 1) {
            return List.of(indexes); // one image is a chunk whatever its size: no header to read twice
        }
        List<List<Integer>> chunks = new ArrayList<>();
        List<Integer> chunk = new ArrayList<>();
        long bytes = 0;
        for (int i : indexes) {
            long size;
            try {
                size = decoder.inspect(batch.requests()[i].image(), "").decodedBytes();
            } catch (ImageRejectedException e) {
                size = 0; // refused again, with its message, when the chunk is decoded
            }
            if (!chunk.isEmpty() && bytes + size > decodingBudget) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(i);
            bytes += size;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    /**
     * Runs a chunk; when it fails as a whole, runs each of its images alone, so that only an image that fails by
     * itself gets an error. Out of memory is survivable here: what failed to allocate was this chunk's, and it is
     * dropped before the retry.
     */
    private void runOrRetryAlone(LeasedPipeline pipeline, List<Integer> indexes, Batch batch) {
        try {
            run(pipeline, indexes, batch);
            return;
        } catch (OutOfMemoryError e) {
            if (indexes.size() == 1) {
                LOG.errorf("Out of memory reading request %s alone", batch.requests()[indexes.get(0)].id());
                failAll(indexes, batch, new RecognitionError(ErrorCode.RESOURCES_EXHAUSTED, "the service ran out"
                        + " of memory reading image " + describe(batch.requests()[indexes.get(0)]) + " alone; it"
                        + " is refused rather than retried"), null);
                return;
            }
            LOG.warnf("Out of memory on a batch of %d; retrying its images one by one", indexes.size());
        } catch (PipelineFailedException e) {
            if (indexes.size() == 1) {
                LOG.errorf(e.getCause(), "%s", e.getMessage());
                failAll(indexes, batch, new RecognitionError(ErrorCode.INFERENCE_FAILED, e.getMessage()), null);
                return;
            }
            LOG.warnf(e.getCause(), "%s; retrying its images one by one", e.getMessage());
        }
        metrics.retriedAlone(indexes.size());
        for (int i : indexes) {
            runOrRetryAlone(pipeline, List.of(i), batch);
        }
    }

    /** A pipeline's run failed on a whole chunk. */
    private static final class PipelineFailedException extends Exception {
        PipelineFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private void run(LeasedPipeline pipeline, List<Integer> indexes, Batch batch) throws PipelineFailedException {
        PipelineReader reader = pipeline.reader();
        boolean keepImages = reader.needsImages();
        int firstSize = reader.input().spec().tensorSize();
        float[] firstBatch = new float[indexes.size() * firstSize];
        BufferedImage[] images = new BufferedImage[indexes.size()];
        long[] decodeNanos = new long[indexes.size()];
        RecognitionError[] rejected = new RecognitionError[indexes.size()];
        // Decoding dominates a small model's time: spread it over the cores, each image into its own slot.
        long decodeStart = System.nanoTime();
        IntStream.range(0, indexes.size()).parallel().forEach(slot -> {
            long start = System.nanoTime();
            RecognitionRequest request = batch.requests()[indexes.get(slot)];
            try {
                BufferedImage image = decoder.decode(request.image(), describe(request));
                long decoded = System.nanoTime();
                reader.input().write(image, CropRegion.whole(image.getWidth(), image.getHeight()), firstBatch,
                        slot * firstSize);
                if (keepImages) {
                    images[slot] = image;
                }
                decodeNanos[slot] = System.nanoTime() - start;
                metrics.image(decoded - start, start + decodeNanos[slot] - decoded);
            } catch (ImageRejectedException e) {
                rejected[slot] = new RecognitionError(e.code(), e.getMessage());
            }
        });
        metrics.stage(InferenceMetrics.Stage.DECODE, System.nanoTime() - decodeStart);
        List<Integer> decoded = new ArrayList<>(indexes.size());
        for (int slot = 0; slot < indexes.size(); slot++) {
            int i = indexes.get(slot);
            if (rejected[slot] != null) {
                batch.answers()[i] = failure(batch, i, rejected[slot], null);
                continue;
            }
            // Close the gaps rejected images left, so the models run over a dense batch.
            System.arraycopy(firstBatch, slot * firstSize, firstBatch, decoded.size() * firstSize, firstSize);
            decodeNanos[decoded.size()] = decodeNanos[slot];
            images[decoded.size()] = images[slot];
            decoded.add(i);
        }
        if (decoded.isEmpty()) {
            return;
        }
        long runStart = System.nanoTime();
        long[] modelNanos = {0};
        List<DigitReading> readings;
        try {
            readings = reader.read(firstBatch, images, decoded.size(), (step, model, inputs, nanos) -> {
                metrics.model(step, model.toString(), nanos);
                modelNanos[0] += nanos;
            });
        } catch (Exception e) {
            throw new PipelineFailedException("pipeline " + pipeline.name() + " " + reader.refs() + " failed on a"
                    + " batch of " + decoded.size() + ": " + e.getMessage(), e);
        }
        Duration run = Duration.ofNanos(System.nanoTime() - runStart);
        metrics.batch(decoded.size(), run);
        metrics.stage(InferenceMetrics.Stage.BETWEEN_MODELS, run.toNanos() - modelNanos[0]);
        Instant completed = Instant.now();
        List<ModelRef> refs = reader.refs();
        for (int slot = 0; slot < decoded.size(); slot++) {
            RecognitionRequest request = batch.requests()[decoded.get(slot)];
            Duration queued = Duration.between(request.submittedAt(), batch.picked());
            Duration total = Duration.between(request.submittedAt(), completed);
            Timings timings = new Timings(millis(queued), decodeNanos[slot] / 1e6, run.toNanos() / 1e6,
                    millis(total));
            batch.answers()[decoded.get(slot)] = Answer.success(RecognitionResult.success(request,
                    readings.get(slot), pipeline.name(), refs, timings, completed));
            metrics.answered(pipeline.name(), queued, total);
        }
    }

    private void failAll(List<Integer> indexes, Batch batch, RecognitionError error, ModelRef model) {
        for (int i : indexes) {
            batch.answers()[i] = failure(batch, i, error, model);
        }
    }

    private Answer failure(Batch batch, int index, RecognitionError error, ModelRef model) {
        return reject(batch.records().get(index), RecognitionResult.failure(batch.requests()[index], error,
                model, Instant.now()));
    }

    private Answer reject(ConsumerRecord<String, byte[]> record, RecognitionResult result) {
        metrics.failed(result.error().code());
        LOG.debugf("Request %s answered with %s: %s", result.id(), result.error().code(), result.error().message());
        return Answer.failure(result, record);
    }

    private static String describe(RecognitionRequest request) {
        return request.fileName() == null ? request.id() : request.id() + " (" + request.fileName() + ")";
    }

    private static double millis(Duration duration) {
        return Math.max(0, duration.toNanos() / 1e6);
    }
}
