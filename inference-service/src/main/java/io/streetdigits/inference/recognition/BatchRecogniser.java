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
 * request gets its own result. A reader of tight crops runs behind its locator, and perhaps refiners and a reader
 * of numbers ({@link ChainReader}). Nothing here throws: a record that cannot be read, an image that cannot be used, an unknown model or a
 * failed run becomes an error result (and a dead letter) for the requests concerned only.
 *
 * <p>Images are decoded in parallel, straight into the batch tensor. A two-stage model must keep the decoded
 * images until the reader has cropped them, so such a batch is worked through in chunks of bounded pixel count.
 */
@ApplicationScoped
public class BatchRecogniser {

    private static final Logger LOG = Logger.getLogger(BatchRecogniser.class);
    /** Decoded pixels a two-stage chunk may hold at once (about 128 MB). */
    private static final long CHUNK_PIXELS = 32L * 1024 * 1024;

    private final ModelRegistry models;
    private final ChainReader chainReader;
    private final ImageDecoder decoder;
    private final InferenceMetrics metrics;

    @Inject
    public BatchRecogniser(ModelRegistry models, ChainReader chainReader, InferenceConfig config,
            InferenceMetrics metrics) {
        this.models = models;
        this.chainReader = chainReader;
        this.decoder = new ImageDecoder(new ImageLimits(config.image().maxBytes(), config.image().maxPixels()));
        this.metrics = metrics;
    }

    /** One poll's records, their requests and their answers, by position. */
    private record Batch(List<ConsumerRecord<String, byte[]>> records, RecognitionRequest[] requests,
            Answer[] answers, Instant picked) {
    }

    /** Answers, in the order of the records. */
    public List<Answer> recognise(List<ConsumerRecord<String, byte[]>> records) {
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
        byModel.forEach((model, indexes) -> runModel(model, indexes, batch));
        return Arrays.asList(batch.answers());
    }

    private void runModel(String name, List<Integer> indexes, Batch batch) {
        LoadedModel reader;
        try {
            reader = models.lease(name);
        } catch (ModelNotFoundException e) {
            failAll(indexes, batch, new RecognitionError(ErrorCode.MODEL_NOT_FOUND, e.getMessage()), null);
            return;
        }
        List<LoadedModel> chain = List.of();
        try {
            if (reader.card().locates()) {
                failAll(indexes, batch, new RecognitionError(ErrorCode.MODEL_NOT_FOUND, "model " + reader.ref()
                        + " locates digits but does not read them; name a model that reads, such as '"
                        + models.defaultModel() + "'"), reader);
                return;
            }
            try {
                chain = models.leaseChain(reader);
            } catch (ModelNotFoundException e) {
                failAll(indexes, batch, new RecognitionError(ErrorCode.MODEL_NOT_FOUND, "model " + reader.ref()
                        + " reads behind '" + reader.card().locator().model() + "', which cannot be served: "
                        + e.getMessage()), reader);
                return;
            }
            for (List<Integer> chunk : chain.isEmpty() ? List.of(indexes) : chunks(indexes, batch)) {
                run(reader, chain, chunk, batch);
            }
        } finally {
            chain.forEach(LoadedModel::release);
            reader.release();
        }
    }

    /** Splits requests so that no chunk holds more than {@link #CHUNK_PIXELS} decoded pixels. */
    private List<List<Integer>> chunks(List<Integer> indexes, Batch batch) {
        List<List<Integer>> chunks = new ArrayList<>();
        List<Integer> chunk = new ArrayList<>();
        long pixels = 0;
        for (int i : indexes) {
            long size;
            try {
                ImageDecoder.ImageDimensions dimensions = decoder.inspect(batch.requests()[i].image(), "");
                size = (long) dimensions.width() * dimensions.height();
            } catch (ImageRejectedException e) {
                size = 0; // refused again, with its message, when the chunk is decoded
            }
            if (!chunk.isEmpty() && pixels + size > CHUNK_PIXELS) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                pixels = 0;
            }
            chunk.add(i);
            pixels += size;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    private void run(LoadedModel reader, List<LoadedModel> chain, List<Integer> indexes, Batch batch) {
        LoadedModel first = chain.isEmpty() ? reader : chain.get(0);
        int firstSize = first.card().preprocessing().tensorSize();
        float[] firstBatch = new float[indexes.size() * firstSize];
        BufferedImage[] images = new BufferedImage[indexes.size()];
        long[] decodeNanos = new long[indexes.size()];
        RecognitionError[] rejected = new RecognitionError[indexes.size()];
        // Decoding dominates a small model's time: spread it over the cores, each image into its own slot.
        IntStream.range(0, indexes.size()).parallel().forEach(slot -> {
            long start = System.nanoTime();
            RecognitionRequest request = batch.requests()[indexes.get(slot)];
            try {
                BufferedImage image = decoder.decode(request.image(), describe(request));
                first.preprocessor().write(image, CropRegion.whole(image.getWidth(), image.getHeight()), firstBatch,
                        slot * firstSize);
                if (!chain.isEmpty()) {
                    images[slot] = image;
                }
                decodeNanos[slot] = System.nanoTime() - start;
            } catch (ImageRejectedException e) {
                rejected[slot] = new RecognitionError(e.code(), e.getMessage());
            }
        });
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
        List<DigitReading> readings;
        try {
            readings = chain.isEmpty() ? reader.read(firstBatch, decoded.size())
                    : chainReader.read(reader, chain, firstBatch, images, decoded.size());
        } catch (Exception e) {
            LOG.errorf(e, "Model %s failed on a batch of %d", reader.ref(), decoded.size());
            failAll(decoded, batch, new RecognitionError(ErrorCode.INFERENCE_FAILED, "model " + reader.ref()
                    + " failed on a batch of " + decoded.size() + ": " + e.getMessage()), reader);
            return;
        }
        Duration run = Duration.ofNanos(System.nanoTime() - runStart);
        metrics.batch(decoded.size(), run);
        Instant completed = Instant.now();
        // A result names the model the reader read behind: its own locator (or reader of numbers), the chain's last.
        ModelRef ownLocator = chain.isEmpty() ? null : chain.get(chain.size() - 1).ref();
        for (int slot = 0; slot < decoded.size(); slot++) {
            RecognitionRequest request = batch.requests()[decoded.get(slot)];
            Duration queued = Duration.between(request.submittedAt(), batch.picked());
            Duration total = Duration.between(request.submittedAt(), completed);
            Timings timings = new Timings(millis(queued), decodeNanos[slot] / 1e6, run.toNanos() / 1e6,
                    millis(total));
            batch.answers()[decoded.get(slot)] = Answer.success(RecognitionResult.success(request,
                    readings.get(slot), reader.ref(), ownLocator, timings, completed));
            metrics.answered(reader.ref().name(), queued, total);
        }
    }

    private void failAll(List<Integer> indexes, Batch batch, RecognitionError error, LoadedModel model) {
        for (int i : indexes) {
            batch.answers()[i] = failure(batch, i, error, model);
        }
    }

    private Answer failure(Batch batch, int index, RecognitionError error, LoadedModel model) {
        return reject(batch.records().get(index), RecognitionResult.failure(batch.requests()[index], error,
                model == null ? null : model.ref(), Instant.now()));
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
