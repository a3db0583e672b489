package io.streetdigits.inference.recognition;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streetdigits.core.contract.DigitReading;
import io.streetdigits.core.contract.ErrorCode;
import io.streetdigits.core.contract.MalformedRequestException;
import io.streetdigits.core.contract.RecognitionError;
import io.streetdigits.core.contract.RecognitionRequest;
import io.streetdigits.core.contract.RecognitionRequestCodec;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.core.contract.Timings;
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
import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;

/**
 * Answers one request record: reads it, decodes the image within the limits, runs the requested (or default)
 * model and returns a result. It never throws: every failure becomes an error result, so one bad record cannot
 * stop or stall the partition it came from.
 */
@ApplicationScoped
public class Recogniser {

    private static final Logger LOG = Logger.getLogger(Recogniser.class);

    private final ModelRegistry models;
    private final ImageDecoder decoder;
    private final MeterRegistry meters;
    private final Timer inferenceTimer;
    private final Timer endToEndTimer;

    @Inject
    public Recogniser(ModelRegistry models, InferenceConfig config, MeterRegistry meters) {
        this.models = models;
        this.decoder = new ImageDecoder(new ImageLimits(config.image().maxBytes(), config.image().maxPixels()));
        this.meters = meters;
        this.inferenceTimer = Timer.builder("streetdigits.inference.time")
                .description("Model run time per request").register(meters);
        this.endToEndTimer = Timer.builder("streetdigits.recognition.end-to-end")
                .description("From submission to result").register(meters);
    }

    public RecognitionResult recognise(String key, byte[] value, Headers headers, long recordTimestamp) {
        RecognitionRequest request;
        try {
            request = RecognitionRequestCodec.fromRecord(key, value, headers, recordTimestamp);
        } catch (MalformedRequestException e) {
            return failed(RecognitionResult.failure(e.requestId(), null, null,
                    new RecognitionError(ErrorCode.MALFORMED_REQUEST, e.getMessage()), null, Instant.now()));
        }
        try {
            return recognise(request);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Request %s failed unexpectedly", request.id());
            return failed(RecognitionResult.failure(request, new RecognitionError(ErrorCode.INFERENCE_FAILED,
                    "request " + request.id() + " failed: " + e), null, Instant.now()));
        }
    }

    private RecognitionResult recognise(RecognitionRequest request) {
        long start = System.nanoTime();
        Instant started = Instant.now();
        String source = request.fileName() == null ? request.id() : request.id() + " (" + request.fileName() + ")";
        BufferedImage image;
        try {
            image = decoder.decode(request.image(), source);
        } catch (ImageRejectedException e) {
            return failed(RecognitionResult.failure(request, new RecognitionError(e.code(), e.getMessage()), null,
                    Instant.now()));
        }
        String modelName = request.requestedModel().orElse(models.defaultModel());
        LoadedModel model;
        try {
            model = models.lease(modelName);
        } catch (ModelNotFoundException e) {
            return failed(RecognitionResult.failure(request, new RecognitionError(ErrorCode.MODEL_NOT_FOUND,
                    e.getMessage()), null, Instant.now()));
        }
        try {
            float[] tensor = model.preprocessor().toTensor(image);
            long decoded = System.nanoTime();
            DigitReading reading = model.read(tensor, 1).get(0);
            long inferred = System.nanoTime();
            inferenceTimer.record(Duration.ofNanos(inferred - decoded));
            Instant completed = Instant.now();
            Duration total = Duration.between(request.submittedAt(), completed);
            endToEndTimer.record(total.isNegative() ? Duration.ZERO : total);
            meters.counter("streetdigits.recognitions", "outcome", "ok", "model", model.ref().name()).increment();
            Timings timings = new Timings(
                    millis(Duration.between(request.submittedAt(), started)),
                    (decoded - start) / 1e6,
                    (inferred - decoded) / 1e6,
                    millis(total));
            return RecognitionResult.success(request, reading, model.ref(), timings, completed);
        } catch (Exception e) {
            LOG.errorf(e, "Model %s failed on request %s", model.ref(), request.id());
            return failed(RecognitionResult.failure(request, new RecognitionError(ErrorCode.INFERENCE_FAILED,
                    "model " + model.ref() + " failed on request " + request.id() + ": " + e.getMessage()),
                    model.ref(), Instant.now()));
        } finally {
            model.release();
        }
    }

    private RecognitionResult failed(RecognitionResult result) {
        ErrorCode code = result.error().code();
        meters.counter("streetdigits.recognitions", "outcome", "error", "reason", code.name()).increment();
        LOG.debugf("Request %s answered with %s: %s", result.id(), code, result.error().message());
        return result;
    }

    private static double millis(Duration duration) {
        return Math.max(0, duration.toNanos() / 1e6);
    }
}
