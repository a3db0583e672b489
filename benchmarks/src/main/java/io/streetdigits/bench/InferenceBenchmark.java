package io.streetdigits.bench;

import ai.onnxruntime.OrtSession;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.RecognitionRequest;
import io.streetdigits.core.contract.RecognitionRequestCodec;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.core.contract.Topics;
import io.streetdigits.core.image.ImageDecoder;
import io.streetdigits.core.image.ImageLimits;
import io.streetdigits.core.image.ImagePreprocessor;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.model.ModelVersion;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The inference service against the ceiling of this machine, measured side by side in one run:
 * <ol>
 * <li>raw: the model alone in ONNX Runtime, in this process, on preprocessed batches (no decoding, no Kafka);</li>
 * <li>service: the same images as requests on Kafka, as fast as the producer sends, until every result is back;</li>
 * <li>latency: one request at a time through Kafka at low load, against raw batch-1 runs and against Kafka's own
 * round trip on the same two hops ({@link KafkaRoundTrip}).</li>
 * </ol>
 * The last line is {@code ratio=<service/raw>}.
 */
final class InferenceBenchmark {

    /** About the size of a result record's JSON. */
    private static final int RESULT_BYTES = 1024;

    private final String bootstrap;
    private final Path modelsDir;
    private final String modelName;
    private final Path imagesDir;
    private final URI inferenceUri;
    private final int batch;
    private final int requests;
    private final int latencyRequests;
    private final int rounds;
    private final Path report;

    InferenceBenchmark(BenchOptions options) {
        bootstrap = options.text("bootstrap", "127.0.0.1:19092");
        modelsDir = Path.of(options.text("models", "models"));
        modelName = options.text("model", "digit-cnn");
        imagesDir = Path.of(options.text("images", "data/samples/images"));
        inferenceUri = URI.create(options.text("inference", "http://127.0.0.1:8081"));
        batch = options.integer("batch", 64);
        requests = options.integer("requests", 3000);
        latencyRequests = options.integer("latency-requests", 300);
        rounds = options.integer("rounds", 3);
        report = options.optionalPath("report");
        options.requireAllRead();
    }

    int run() throws Exception {
        ModelVersion version = new ModelRepository(modelsDir).latest(modelName).orElseThrow(() ->
                new IllegalArgumentException("no model '" + modelName + "' in " + modelsDir));
        ModelCard card = version.readCard();
        List<byte[]> images = readImages();
        System.out.printf("model %s, %d images from %s, batch %d, %s%n", version.ref(), images.size(), imagesDir,
                batch, Machine.describe());

        Raw raw = measureRaw(version, card, images);
        System.out.printf("raw ONNX Runtime, batch %d: %.0f images/s (median of %d rounds)%n", batch,
                raw.imagesPerSecond(), rounds);
        System.out.printf("raw ONNX Runtime, batch 1: p50 %.2f ms, p99 %.2f ms%n", raw.batchOneP50(),
                raw.batchOneP99());

        double service = measureService(images);
        String batching = serviceBatching();
        System.out.printf("service through Kafka at saturation: %.0f images/s (median of %d rounds of %d; %s)%n",
                service, rounds, requests, batching);

        List<Double> latencies = measureLatency(images);
        double p50 = Stats.percentile(latencies, 50);
        double p99 = Stats.percentile(latencies, 99);
        System.out.printf("service through Kafka at low load, one request at a time: p50 %.2f ms, p99 %.2f ms%n",
                p50, p99);
        // The same two hops with a relay in place of the service; the reply is about a result's size.
        List<Double> kafka = KafkaRoundTrip.measure(bootstrap, images.get(0), new byte[RESULT_BYTES],
                latencyRequests);
        double kafkaP50 = Stats.percentile(kafka, 50);
        double kafkaP99 = Stats.percentile(kafka, 99);
        System.out.printf("Kafka alone, the same two hops through a relay: p50 %.2f ms, p99 %.2f ms; service p99 minus"
                + " (raw batch-1 p99 + Kafka p99) = %.2f ms%n", kafkaP50, kafkaP99,
                p99 - raw.batchOneP99() - kafkaP99);

        double ratio = service / raw.imagesPerSecond();
        if (report != null) {
            writeReport(version, images.size(), raw, service, batching, p50, p99, kafkaP50, kafkaP99, ratio);
        }
        System.out.printf("ratio=%.3f%n", ratio);
        return 0;
    }

    private record Raw(double imagesPerSecond, double batchOneP50, double batchOneP99) {
    }

    private Raw measureRaw(ModelVersion version, ModelCard card, List<byte[]> images) throws Exception {
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        ImagePreprocessor preprocessor = new ImagePreprocessor(card.preprocessing());
        int size = card.preprocessing().tensorSize();
        float[] tensors = new float[batch * size];
        for (int i = 0; i < batch; i++) {
            float[] one = preprocessor.toTensor(decoder.decode(images.get(i % images.size()), "image " + i));
            System.arraycopy(one, 0, tensors, i * size, size);
        }
        try (OrtSession session = OrtRuns.open(version.onnxFile())) {
            double imagesPerSecond = OrtRuns.imagesPerSecond(session, card, tensors, batch, rounds, 3);
            List<Double> single = OrtRuns.batchOneMillis(session, card, tensors, latencyRequests);
            return new Raw(imagesPerSecond, Stats.percentile(single, 50), Stats.percentile(single, 99));
        }
    }

    private double measureService(List<byte[]> images) throws Exception {
        double[] perRound = new double[rounds];
        try (KafkaProducer<String, byte[]> producer = producer(); KafkaConsumer<String, String> results = consumer()) {
            for (int round = 0; round < rounds; round++) {
                Set<String> pending = new HashSet<>();
                String prefix = "bench-" + Instant.now().toEpochMilli() + "-" + round + "-";
                long start = System.nanoTime();
                for (int i = 0; i < requests; i++) {
                    String id = prefix + i;
                    pending.add(id);
                    producer.send(RecognitionRequestCodec.toRecord(Topics.RECOGNITION_REQUESTS,
                            new RecognitionRequest(id, images.get(i % images.size()), "image/png", Instant.now(),
                                    modelName, null, null)));
                }
                producer.flush();
                awaitAll(results, pending, Duration.ofMinutes(5));
                perRound[round] = requests / ((System.nanoTime() - start) / 1e9);
            }
        }
        return Stats.median(perRound);
    }

    private List<Double> measureLatency(List<byte[]> images) throws Exception {
        List<Double> latencies = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer(); KafkaConsumer<String, String> results = consumer()) {
            for (int i = 0; i < latencyRequests + 20; i++) {
                String id = "latency-" + Instant.now().toEpochMilli() + "-" + i;
                long start = System.nanoTime();
                producer.send(RecognitionRequestCodec.toRecord(Topics.RECOGNITION_REQUESTS, new RecognitionRequest(
                        id, images.get(i % images.size()), "image/png", Instant.now(), modelName, null, null)));
                producer.flush();
                awaitAll(results, new HashSet<>(Set.of(id)), Duration.ofSeconds(30));
                if (i >= 20) { // the first ones warm the path up
                    latencies.add((System.nanoTime() - start) / 1e6);
                }
            }
        }
        return latencies;
    }

    private static void awaitAll(KafkaConsumer<String, String> results, Set<String> pending, Duration timeout)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IOException(pending.size() + " results did not arrive within " + timeout);
            }
            for (ConsumerRecord<String, String> record : results.poll(Duration.ofMillis(50))) {
                if (pending.remove(record.key())) {
                    RecognitionResult result = ContractJson.read(record.value(), RecognitionResult.class);
                    if (!result.succeeded()) {
                        throw new IOException("request " + result.id() + " failed: " + result.error());
                    }
                }
            }
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** A consumer of the results topic positioned at its end, so only this run's results are read. */
    private KafkaConsumer<String, String> consumer() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(Topics.RECOGNITION_RESULTS)) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    /** The service's own view of its batches, from its metrics: mean and largest batch size. */
    private String serviceBatching() {
        try {
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(inferenceUri.resolve("/q/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            double count = metric(metrics, "streetdigits_inference_batch_size_count");
            double sum = metric(metrics, "streetdigits_inference_batch_size_sum");
            double max = metric(metrics, "streetdigits_inference_batch_size_max");
            return String.format("service batches: mean %.1f, largest %.0f", sum / count, max);
        } catch (IOException e) {
            return "service batch sizes unavailable: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "service batch sizes unavailable";
        }
    }

    private static double metric(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private List<byte[]> readImages() throws IOException {
        List<byte[]> images = new ArrayList<>();
        try (Stream<Path> files = Files.list(imagesDir)) {
            for (Path file : files.filter(f -> f.toString().toLowerCase().endsWith(".png")).sorted().toList()) {
                images.add(Files.readAllBytes(file));
            }
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no PNG images in " + imagesDir);
        }
        return images;
    }

    private void writeReport(ModelVersion version, int imageCount, Raw raw, double service, String batching,
            double p50, double p99, double kafkaP50, double kafkaP99, double ratio) throws IOException {
        String section = String.format("""
                ## Inference: service through Kafka against raw ONNX Runtime

                Measured %s on %s, by `./streetdigits bench inference` (model `%s`, %d images from `%s`, batch %d).

                | measure | figure |
                | --- | --- |
                | raw ONNX Runtime, batch %d (model only, in-process) | %.0f images/s |
                | service through Kafka at saturation (%d requests, median of %d rounds; %s) | %.0f images/s |
                | **ratio service / raw** | **%.3f** |
                | raw ONNX Runtime, batch 1 | p50 %.2f ms, p99 %.2f ms |
                | service through Kafka at low load, one request at a time (round trip) | p50 %.2f ms, p99 %.2f ms |
                | Kafka alone: the same two hops, a relay in place of the service, one at a time | p50 %.2f ms, p99 %.2f ms |
                | service p99 minus (raw batch-1 p99 + Kafka alone p99) | %.2f ms |
                """, LocalDate.now(), Machine.describe(), version.ref(), imageCount, imagesDir, batch, batch,
                raw.imagesPerSecond(), requests, rounds, batching, service, ratio, raw.batchOneP50(),
                raw.batchOneP99(), p50, p99, kafkaP50, kafkaP99, p99 - raw.batchOneP99() - kafkaP99);
        MarkdownSections.replace(report, "Benchmarks", "inference", section);
        System.out.println("wrote " + report);
    }
}
