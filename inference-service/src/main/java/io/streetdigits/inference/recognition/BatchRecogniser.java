package io.streetdigits.inference.recognition;

import io.streetdigits.core.contract.DigitReading;
import io.streetdigits.core.contract.ErrorCode;
import io.streetdigits.core.contract.MalformedRequestException;
import io.streetdigits.core.contract.RecognitionError;
import io.streetdigits.core.contract.RecognitionRequest;
import io.streetdigits.core.contract.RecognitionRequestCodec;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.core.contract.Timings;
import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.ImageDecoder;
import io.streetdigits.core.image.ImageLimits;
import io.streetdigits.core.image.ImageRejectedException;
import io.streetdigits.inference.InferenceConfig;
import io.streetdigits.inference.model.LoadedModel;
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
 * Answers a batch of request records: each model named in the batch runs once over all of its requests, and every
 * request gets its own result. It never throws: a record that cannot be read, an image that cannot be used, an
 * unknown model or a failed run becomes an error result (and a dead letter) for the requests concerned only.
 * Images are decoded one at a time straight into the batch tensor, so a batch never holds its decoded pixels.
 */
@ApplicationScoped
public class BatchRecogniser {

    private static final Logger LOG = Logger.getLogger(BatchRecogniser.class);

    private final ModelRegistry models;
    private final ImageDecoder decoder;
    private final InferenceMetrics metrics;

    @Inject
    public BatchRecogniser(ModelRegistry models, InferenceConfig config, InferenceMetrics metrics) {
        this.models = models;
        this.decoder = new ImageDecoder(new ImageLimits(config.image().maxBytes(), config.image().maxPixels()));
        this.metrics = metrics;
    }

    /** Answers, in the order of the records. */
    public List<Answer> recognise(List<ConsumerRecord<String, byte[]>> records) {
        Instant picked = Instant.now();
        Answer[] answers = new Answer[records.size()];
        Map<String, List<Integer>> byModel = new LinkedHashMap<>();
        RecognitionRequest[] requests = new RecognitionRequest[records.size()];
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, byte[]> record = records.get(i);
            try {
                requests[i] = RecognitionRequestCodec.fromRecord(record.key(), record.value(), record.headers(),
                        record.timestamp());
                byModel.computeIfAbsent(requests[i].requestedModel().orElse(models.defaultModel()),
                        name -> new ArrayList<>()).add(i);
            } catch (MalformedRequestException e) {
                answers[i] = reject(record, RecognitionResult.failure(e.requestId(),
                        new RecognitionError(ErrorCode.MALFORMED_REQUEST, e.getMessage()), Instant.now()));
            }
        }
        byModel.forEach((model, indexes) -> runModel(model, indexes, records, requests, answers, picked));
        return Arrays.asList(answers);
    }

    private void runModel(String name, List<Integer> indexes, List<ConsumerRecord<String, byte[]>> records,
            RecognitionRequest[] requests, Answer[] answers, Instant picked) {
        LoadedModel model;
        try {
            model = models.lease(name);
        } catch (ModelNotFoundException e) {
            for (int i : indexes) {
                answers[i] = failure(records.get(i), requests[i],
                        new RecognitionError(ErrorCode.MODEL_NOT_FOUND, e.getMessage()), null);
            }
            return;
        }
        try {
            int size = model.card().preprocessing().tensorSize();
            float[] batch = new float[indexes.size() * size];
            long[] decodeNanos = new long[indexes.size()];
            RecognitionError[] rejected = new RecognitionError[indexes.size()];
            // Decoding dominates a small model's time: spread it over the cores, each image into its own slot.
            IntStream.range(0, indexes.size()).parallel().forEach(slot -> {
                long start = System.nanoTime();
                RecognitionRequest request = requests[indexes.get(slot)];
                try {
                    BufferedImage image = decoder.decode(request.image(), describe(request));
                    model.preprocessor().write(image, CropRegion.whole(image.getWidth(), image.getHeight()), batch,
                            slot * size);
                    decodeNanos[slot] = System.nanoTime() - start;
                } catch (ImageRejectedException e) {
                    rejected[slot] = new RecognitionError(e.code(), e.getMessage());
                }
            });
            List<Integer> decoded = new ArrayList<>(indexes.size());
            for (int slot = 0; slot < indexes.size(); slot++) {
                int i = indexes.get(slot);
                if (rejected[slot] != null) {
                    answers[i] = failure(records.get(i), requests[i], rejected[slot], null);
                    continue;
                }
                // Close the gaps rejected images left, so the model runs over a dense batch.
                System.arraycopy(batch, slot * size, batch, decoded.size() * size, size);
                decodeNanos[decoded.size()] = decodeNanos[slot];
                decoded.add(i);
            }
            if (decoded.isEmpty()) {
                return;
            }
            long runStart = System.nanoTime();
            List<DigitReading> readings;
            try {
                readings = model.read(batch, decoded.size());
            } catch (Exception e) {
                LOG.errorf(e, "Model %s failed on a batch of %d", model.ref(), decoded.size());
                for (int i : decoded) {
                    answers[i] = failure(records.get(i), requests[i], new RecognitionError(
                            ErrorCode.INFERENCE_FAILED, "model " + model.ref() + " failed on request "
                            + requests[i].id() + ": " + e.getMessage()), model);
                }
                return;
            }
            Duration run = Duration.ofNanos(System.nanoTime() - runStart);
            metrics.batch(decoded.size(), run);
            Instant completed = Instant.now();
            for (int slot = 0; slot < decoded.size(); slot++) {
                RecognitionRequest request = requests[decoded.get(slot)];
                Duration queued = Duration.between(request.submittedAt(), picked);
                Duration total = Duration.between(request.submittedAt(), completed);
                Timings timings = new Timings(millis(queued), decodeNanos[slot] / 1e6, run.toNanos() / 1e6,
                        millis(total));
                answers[decoded.get(slot)] = Answer.success(RecognitionResult.success(request, readings.get(slot),
                        model.ref(), timings, completed));
                metrics.answered(model.ref().name(), queued, total);
            }
        } finally {
            model.release();
        }
    }

    private Answer failure(ConsumerRecord<String, byte[]> record, RecognitionRequest request, RecognitionError error,
            LoadedModel model) {
        return reject(record, RecognitionResult.failure(request, error, model == null ? null : model.ref(),
                Instant.now()));
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
