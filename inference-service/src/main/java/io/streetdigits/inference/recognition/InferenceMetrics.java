package io.streetdigits.inference.recognition;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.streetdigits.core.contract.ErrorCode;
import io.streetdigits.inference.InferenceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** The service's own Prometheus metrics, next to Quarkus' and Kafka's; all of them there from the start. */
@Startup
@ApplicationScoped
public class InferenceMetrics {

    /**
     * Where a batch's time goes, stage by stage ({@link Stage}): on the worker that reads it, one stage after the
     * other, but for publishing, which overlaps that worker's next batch.
     */
    static final String STAGE = "streetdigits.inference.stage";
    /** One image's share of the decode stage, by part (decode, preprocess). */
    static final String IMAGE = "streetdigits.inference.image";

    /** The stages of a batch, in order, as the {@code stage} tag of {@link #STAGE}. */
    enum Stage {
        /** Reading the requests from their records and sizing the decoding chunks. */
        READ,
        /** Decoding and preprocessing the batch's images, in parallel (wall time). */
        DECODE,
        /** One step's model run ({@code step} tag: its place and model). */
        MODEL,
        /** The pipeline's own work between and after the models: crops of the characters found, outputs decoded. */
        BETWEEN_MODELS,
        /** The results serialised and handed to the producer. */
        RESULTS,
        /** From the results handed to the producer until Kafka acknowledged every one (overlaps the next batch). */
        PUBLISH;

        String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final MeterRegistry meters;
    private final DistributionSummary batchSize;
    private final Timer queueTime;
    private final Timer inferenceTime;
    private final Timer endToEndTime;
    private final Timer decodeTime;
    private final Timer preprocessTime;
    /** The stages without a step, made once: they are recorded for every batch. */
    private final Map<Stage, Timer> stages = new EnumMap<>(Stage.class);

    @Inject
    public InferenceMetrics(MeterRegistry meters, InferenceConfig config) {
        this.meters = meters;
        // What the benchmark's in-process ceiling reads, to work on as many batches at once as the service.
        int concurrency = config.inference().batch().concurrency();
        Gauge.builder("streetdigits.inference.batch.concurrency", () -> concurrency)
                .description("Batches worked on at once").register(meters);
        this.batchSize = DistributionSummary.builder("streetdigits.inference.batch.size")
                .description("Requests per model run").publishPercentileHistogram()
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128).register(meters);
        this.queueTime = Timer.builder("streetdigits.inference.queue")
                .description("From submission until the service took the request from Kafka")
                .publishPercentileHistogram().register(meters);
        this.inferenceTime = Timer.builder("streetdigits.inference.run")
                .description("One model run over a batch").publishPercentileHistogram().register(meters);
        this.endToEndTime = Timer.builder("streetdigits.recognition.end-to-end")
                .description("From submission until the result was produced").publishPercentileHistogram()
                .register(meters);
        this.decodeTime = Timer.builder(IMAGE).tag("part", "decode")
                .description("One image's decoding, on one of the threads that decode a batch").register(meters);
        this.preprocessTime = Timer.builder(IMAGE).tag("part", "preprocess")
                .description("One image's preprocessing into the first model's input").register(meters);
        for (Stage stage : Stage.values()) {
            if (stage != Stage.MODEL) {
                stages.put(stage, Timer.builder(STAGE).tags("stage", stage.tag(), "step", "")
                        .description("Where a batch's time goes").register(meters));
            }
        }
    }

    /** @param stage any but {@link Stage#MODEL}, which {@link #model} records by step */
    void stage(Stage stage, long nanos) {
        stages.get(stage).record(Duration.ofNanos(Math.max(0, nanos)));
    }

    /** @param step the step's place in its pipeline, from 0 */
    void model(int step, String model, long nanos) {
        Timer.builder(STAGE).tags("stage", Stage.MODEL.tag(), "step", (step + 1) + " " + model)
                .description("Where a batch's time goes").register(meters).record(Duration.ofNanos(nanos));
    }

    void image(long decodeNanos, long preprocessNanos) {
        decodeTime.record(Duration.ofNanos(decodeNanos));
        preprocessTime.record(Duration.ofNanos(preprocessNanos));
    }

    void batch(int size, Duration run) {
        batchSize.record(size);
        inferenceTime.record(run);
    }

    /** @param pipeline the pipeline read, or the model read alone */
    void answered(String pipeline, Duration queued, Duration total) {
        queueTime.record(nonNegative(queued));
        endToEndTime.record(nonNegative(total));
        meters.counter("streetdigits.recognitions", "outcome", "ok", "model", pipeline).increment();
    }

    /** A batch (chunk) failed as a whole and its images were run again one by one. */
    void retriedAlone(int images) {
        meters.counter("streetdigits.inference.retried-alone").increment(images);
    }

    void failed(ErrorCode reason) {
        meters.counter("streetdigits.recognitions", "outcome", "error", "reason", reason.name()).increment();
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
