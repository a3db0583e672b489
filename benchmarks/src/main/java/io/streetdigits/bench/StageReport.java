package io.streetdigits.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a photo's time goes at saturation, stage by stage: the inference service's stage metrics over the phases a
 * {@link PhaseProfile} followed, against the in-process ceiling's batches clocked the same way ({@link Clock}), and
 * each process's CPU meanwhile; tables and lines of the inference benchmark's report.
 */
final class StageReport {

    /** The service's stage timer ({@code InferenceMetrics.STAGE}), as Prometheus names it. */
    static final String STAGE = "streetdigits_inference_stage_seconds";
    private static final String REQUESTS_CONSUMER = "client_id=\"kafka-consumer-recognition-requests\"";
    private static final String RESULTS_PRODUCER = "client_id=\"kafka-producer-recognition-results\"";

    private StageReport() {
    }

    /**
     * Time per photo in each stage of the in-process ceiling's batches, added up over its timed rounds and over
     * the threads that ran them at once.
     */
    static final class Clock {
        private final Map<String, Long> nanos = new LinkedHashMap<>();
        private long photos;

        /** A model step's key, as the service tags its step: its place, from 1, and its model. */
        static String model(int step, String model) {
            return "model " + (step + 1) + " " + model;
        }

        synchronized void add(String stage, long elapsed) {
            nanos.merge(stage, elapsed, Long::sum);
        }

        synchronized void photos(int count) {
            photos += count;
        }

        /** Milliseconds per photo, or NaN for a stage it does not have. */
        synchronized double perPhoto(String stage) {
            Long elapsed = nanos.get(stage);
            return elapsed == null || photos == 0 ? Double.NaN : elapsed / 1e6 / photos;
        }
    }

    /**
     * A row of the stage table: what it says, the stage's key in the ceiling's {@link Clock}, and the labels of its
     * series in the service's metrics.
     */
    private record Row(String label, String clockKey, String... labels) {

        /** A stage without a step: its tag is also the clock's key. */
        static Row of(String stage, String label) {
            return new Row(label, stage, "stage=\"" + stage + "\"");
        }
    }

    /** The mean of a stage of the service's batches, in ms per occurrence (per batch, or per chunk of one). */
    static double perBatch(MetricsSnapshot metrics, String stage) {
        return metrics.value(STAGE + "_sum", "stage=\"" + stage + "\"") * 1e3
                / metrics.value(STAGE + "_count", "stage=\"" + stage + "\"");
    }

    /**
     * Where a photo's time goes at saturation, stage by stage, in the service (its metrics over the timed rounds)
     * and in the in-process ceiling (its rounds, clocked the same way); a table of the report.
     */
    static String table(PhaseProfile saturated, Clock ceiling) {
        MetricsSnapshot metrics = saturated.metrics();
        double photos = metrics.value("streetdigits_recognitions_total", "outcome=\"ok\"");
        StringBuilder table = new StringBuilder("""
                | stage of a batch | service, ms per photo | in-process, ms per photo |
                | --- | --- | --- |
                """);
        List<Row> rows = new ArrayList<>();
        rows.add(Row.of("read", "reading the requests from their records"));
        rows.add(Row.of("decode", "decoding and preprocessing, in parallel"));
        // In the pipeline's order: each step's tag starts with its place.
        for (String step : metrics.labelValues(STAGE + "_count", "step").stream().sorted().toList()) {
            if (!step.isEmpty()) {
                rows.add(new Row("model " + step, "model " + step, "stage=\"model\"", "step=\"" + step + "\""));
            }
        }
        rows.add(Row.of("between-models", "between the models: crops, outputs decoded"));
        rows.add(Row.of("results", "results written and handed to the producer"));
        double serviceTotal = 0;
        double ceilingTotal = 0;
        for (Row row : rows) {
            double service = metrics.value(STAGE + "_sum", row.labels()) * 1e3 / photos;
            double inProcess = ceiling.perPhoto(row.clockKey());
            serviceTotal += service;
            ceilingTotal += Double.isNaN(inProcess) ? 0 : inProcess;
            table.append(String.format("| %s | %.3f | %s |%n", row.label(), service,
                    Double.isNaN(inProcess) ? "-" : String.format("%.3f", inProcess)));
        }
        table.append(String.format("| **all of a batch's stages** | **%.3f** | **%.3f** |%n", serviceTotal,
                ceilingTotal));
        MetricsSnapshot gauges = saturated.lastMetrics();
        table.append(String.format("| then, overlapping the next batch: results handed over until Kafka acknowledged"
                + " them all | %.2f ms per batch | - |%n", perBatch(metrics, "publish")));
        table.append(String.format("%nThe service's Kafka clients, by their own metrics after the rounds: requests"
                + " consumer's fetch latency %.1f ms (mean), offset commits %.1f ms (mean) at %.2f a second;"
                + " results producer's request latency %.1f ms (mean).%n",
                gauges.value("kafka_consumer_fetch_manager_fetch_latency_avg", REQUESTS_CONSUMER),
                gauges.value("kafka_consumer_coordinator_commit_latency_avg", REQUESTS_CONSUMER),
                gauges.value("kafka_consumer_coordinator_commit_rate", REQUESTS_CONSUMER),
                gauges.value("kafka_producer_request_latency_avg", RESULTS_PRODUCER)));
        return table.toString();
    }

    /** Each process's CPU over the service rounds, in % of one core. */
    static String cpuShares(PhaseProfile saturated) {
        List<String> shares = new ArrayList<>();
        Map<String, String> names = Map.of("kafka", "the broker", "inference-service", "the inference service",
                "gateway-service", "the gateway (following every result)", PhaseProfile.BENCHMARK,
                "this benchmark's producer and consumer");
        for (String process : List.of("inference-service", "kafka", PhaseProfile.BENCHMARK, "gateway-service")) {
            double cores = saturated.cores(process);
            shares.add(names.get(process) + (Double.isNaN(cores) ? " not running"
                    : String.format(" %.0f %%", 100 * cores)));
        }
        return String.join(", ", shares) + String.format(" of one core (%d cores in all)",
                Runtime.getRuntime().availableProcessors());
    }
}
