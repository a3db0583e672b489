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
import io.streetdigits.core.image.DigitRegion;
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
 * request gets its own result. A reader of tight crops runs behind its locator: the locator finds the digits in
 * every image of the batch, then the reader reads the crops around them. A locator may itself be a refiner behind
 * another locator, finding the digits again in a crop around the first box; a character reader runs behind a reader
 * of numbers, reading each character in its cell of the box, or in the box a character refiner found around that
 * cell. Nothing here throws: a record that cannot be read, an image that cannot be used, an unknown model or a
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
    private final ImageDecoder decoder;
    private final InferenceMetrics metrics;

    @Inject
    public BatchRecogniser(ModelRegistry models, InferenceConfig config, InferenceMetrics metrics) {
        this.models = models;
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
                    : readCrops(reader, chain, firstBatch, images, decoded.size());
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

    /**
     * The first locator finds the digits in each whole image; each refiner finds them again in a crop around the
     * box before; the reader of numbers reads the crop around the last box. A character reader then reads each
     * number again, one character at a time, in the cells of that box, as many as the reader of numbers read; a
     * character refiner between the two first finds each character again in a crop around its cell.
     */
    private static List<DigitReading> readCrops(LoadedModel reader, List<LoadedModel> chain, float[] wholeImages,
            BufferedImage[] images, int count) throws Exception {
        boolean characters = reader.card().readsCharacters();
        LoadedModel characterRefiner = characters && chain.get(chain.size() - 1).card().locates()
                ? chain.get(chain.size() - 1) : null;
        int numbersAt = chain.size() - (characterRefiner == null ? 1 : 2);
        LoadedModel numbers = characters ? chain.get(numbersAt) : reader;
        List<LoadedModel> locators = characters ? chain.subList(0, numbersAt) : chain;
        double[][] boxes = inPixels(locators.get(0).locate(wholeImages, count), wholeRegions(images, count));
        for (LoadedModel refiner : locators.subList(1, locators.size())) {
            CropRegion[] around = around(boxes, refiner.card().locator().margin());
            boxes = inPixels(refiner.locate(crops(refiner, images, around), count), around);
        }
        List<DigitReading> readings = numbers.read(crops(numbers, images, around(boxes,
                numbers.card().locator().margin())), count);
        return characters ? readCharacters(reader, characterRefiner, images, boxes, readings) : readings;
    }

    /**
     * Each number read again in its box's character cells, or in the boxes a character refiner found around them;
     * a number read as no digits at all stays as it is.
     */
    private static List<DigitReading> readCharacters(LoadedModel reader, LoadedModel refiner, BufferedImage[] images,
            double[][] boxes, List<DigitReading> numbers) throws Exception {
        int[] counts = numbers.stream().mapToInt(reading -> reading.digits().length()).toArray();
        int total = Arrays.stream(counts).sum();
        if (total == 0) {
            return numbers;
        }
        double margin = reader.card().locator().margin();
        CropRegion[] cells;
        if (refiner == null) {
            cells = cells(boxes, counts, total, margin);
        } else {
            CropRegion[] around = cells(boxes, counts, total, refiner.card().locator().margin());
            double[][] characterBoxes = inPixels(refiner.locate(crops(refiner, images, counts, around), total),
                    around);
            cells = new CropRegion[total];
            for (int i = 0; i < total; i++) {
                double[] box = characterBoxes[i];
                cells[i] = DigitRegion.characterCells(box[0], box[1], box[2], box[3], 1, margin)[0];
            }
        }
        List<DigitReading> read = reader.readCharacters(crops(reader, images, counts, cells), counts);
        List<DigitReading> readings = new ArrayList<>(numbers.size());
        for (int i = 0; i < numbers.size(); i++) {
            readings.add(counts[i] == 0 ? numbers.get(i) : read.get(i));
        }
        return readings;
    }

    /** Every number's character cells, in order: {@code counts[i]} cells of box {@code i}. */
    private static CropRegion[] cells(double[][] boxes, int[] counts, int total, double margin) {
        CropRegion[] cells = new CropRegion[total];
        int cell = 0;
        for (int i = 0; i < boxes.length; i++) {
            if (counts[i] > 0) {
                double[] box = boxes[i];
                for (CropRegion region : DigitRegion.characterCells(box[0], box[1], box[2], box[3], counts[i],
                        margin)) {
                    cells[cell++] = region;
                }
            }
        }
        return cells;
    }

    private static CropRegion[] wholeRegions(BufferedImage[] images, int count) {
        CropRegion[] regions = new CropRegion[count];
        for (int i = 0; i < count; i++) {
            regions[i] = CropRegion.whole(images[i].getWidth(), images[i].getHeight());
        }
        return regions;
    }

    /** A locator's boxes, given as fractions of the regions it saw, in pixels of the whole image. */
    private static double[][] inPixels(float[][] boxes, CropRegion[] regions) {
        double[][] pixels = new double[boxes.length][];
        for (int i = 0; i < boxes.length; i++) {
            CropRegion region = regions[i];
            float[] box = boxes[i];
            pixels[i] = new double[] {region.left() + box[0] * region.width(), region.top() + box[1] * region.height(),
                region.left() + box[2] * region.width(), region.top() + box[3] * region.height()};
        }
        return pixels;
    }

    /** The regions around boxes, widened by {@code margin} of each box's height. */
    private static CropRegion[] around(double[][] boxes, double margin) {
        CropRegion[] regions = new CropRegion[boxes.length];
        for (int i = 0; i < boxes.length; i++) {
            regions[i] = DigitRegion.around(boxes[i][0], boxes[i][1], boxes[i][2], boxes[i][3], margin);
        }
        return regions;
    }

    /** The model's input: each image cropped to its region. */
    private static float[] crops(LoadedModel model, BufferedImage[] images, CropRegion[] regions) {
        int[] one = new int[regions.length];
        Arrays.fill(one, 1);
        return crops(model, images, one, regions);
    }

    /** The model's input: image {@code i} cropped to each of its {@code counts[i]} regions, in order. */
    private static float[] crops(LoadedModel model, BufferedImage[] images, int[] counts, CropRegion[] regions) {
        int size = model.card().preprocessing().tensorSize();
        float[] crops = new float[regions.length * size];
        int region = 0;
        for (int i = 0; i < counts.length; i++) {
            for (int k = 0; k < counts[i]; k++, region++) {
                model.preprocessor().write(images[i], regions[region], crops, region * size);
            }
        }
        return crops;
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
