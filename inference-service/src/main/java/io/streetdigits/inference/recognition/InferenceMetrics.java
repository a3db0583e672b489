package io.streetdigits.inference.recognition;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streetdigits.core.contract.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/** The service's own Prometheus metrics, next to Quarkus' and Kafka's. */
@ApplicationScoped
public class InferenceMetrics {

    private final MeterRegistry meters;
    private final DistributionSummary batchSize;
    private final Timer queueTime;
    private final Timer inferenceTime;
    private final Timer endToEndTime;
    private final Timer recogniseTime;
    private final Timer publishTime;

    @Inject
    public InferenceMetrics(MeterRegistry meters) {
        this.meters = meters;
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
        this.recogniseTime = Timer.builder("streetdigits.inference.batch.recognise")
                .description("Reading, decoding and running a batch").register(meters);
        this.publishTime = Timer.builder("streetdigits.inference.batch.publish")
                .description("From a batch's results being ready until Kafka acknowledged them all").register(meters);
    }

    void batchHandled(long recogniseNanos, long publishNanos) {
        recogniseTime.record(Duration.ofNanos(recogniseNanos));
        publishTime.record(Duration.ofNanos(publishNanos));
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
