package io.streetdigits.bench;

import ai.onnxruntime.OrtSession;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.RecognitionRequest;
import io.streetdigits.core.contract.RecognitionRequestCodec;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.core.contract.Timings;
import io.streetdigits.core.contract.Topics;
import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.ImageDecoder;
import io.streetdigits.core.image.ImageLimits;
import io.streetdigits.core.image.ImagePreprocessor;
import io.streetdigits.core.image.ImageRejectedException;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.model.ModelVersion;
import java.awt.image.BufferedImage;
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
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
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
 * <li>in-process pipeline: the service's work without Kafka (decode and preprocess each batch, then the model), to
 * tell the cost of decoding from the cost of the service;</li>
 * <li>service: the same images as requests on Kafka, as fast as the producer sends, until every result is back;</li>
 * <li>latency: one request at a time through Kafka at low load, against raw batch-1 runs and against Kafka's own
 * round trip on the same two hops ({@link KafkaRoundTrip}).</li>
 * </ol>
 * The three throughputs are measured in turn, round after round. The last line is {@code ratio=<service/raw>}.
 */
final class InferenceBenchmark {

    /** Seconds of each round of raw ONNX Runtime and of the in-process pipeline. */
    private static final double RAW_ROUND_SECONDS = 3;
    /** Requests that warm the service up before its rounds are timed. */
    private static final int SERVICE_WARM_UP_REQUESTS = 1000;
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
    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

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
        if (!card.task().equals(ModelCard.READS_DIGITS)) {
            // Its raw figure would time one step of a pipeline against the service running the whole pipeline.
            throw new IllegalArgumentException(version.ref() + " is a " + card.task() + " model, but this benchmark"
                    + " compares one model that reads whole photos with its own ONNX Runtime ceiling; measure a"
                    + " pipeline with `bench latency` and `bench load` (through the gateway)");
        }
        List<byte[]> images = readImages();
        System.out.printf("model %s, %d images from %s, batch %d, %s%n", version.ref(), images.size(), imagesDir,
                batch, Machine.describe());

        ImagePreprocessor preprocessor = new ImagePreprocessor(card.preprocessing());
        float[] preprocessed = new float[batch * card.preprocessing().tensorSize()];
        for (int i = 0; i < batch; i++) {
            writeImage(preprocessor, images, preprocessed, i);
        }
        Throughput throughput = measureThroughput(version, card, images, preprocessed);
        String batching = serviceBatching();
        System.out.printf("raw ONNX Runtime, batch %d: %.0f images/s; in-process with decoding: %.0f images/s;"
                + " service through Kafka at saturation: %.0f images/s (medians of %d rounds of %d requests; %s)%n",
                batch, throughput.raw(), throughput.decoding(), throughput.service(), rounds, requests, batching);
        Latency raw = measureRawLatency(version, card, preprocessed);
        System.out.printf("raw ONNX Runtime, batch 1: p50 %.2f ms, p99 %.2f ms%n", raw.p50(), raw.p99());

        LowLoad lowLoad = measureLatency(images);
        double p50 = Stats.percentile(lowLoad.roundTrips(), 50);
        double p99 = Stats.percentile(lowLoad.roundTrips(), 99);
        String breakdown = String.format("medians: queued %.2f ms (first hop and poll), decoding %.2f ms, model %.2f"
                + " ms, result ready %.2f ms after submission", lowLoad.median(Timings::queueMillis),
                lowLoad.median(Timings::decodeMillis), lowLoad.median(Timings::inferenceMillis),
                lowLoad.median(Timings::totalMillis));
        System.out.printf("service through Kafka at low load, one request at a time: p50 %.2f ms, p99 %.2f ms;"
                + " the service's own timings, %s%n", p50, p99, breakdown);
        // The same two hops with a relay in place of the service; the reply is about a result's size.
        List<Double> kafka = KafkaRoundTrip.measure(bootstrap, images.get(0), new byte[RESULT_BYTES],
                latencyRequests);
        double kafkaP50 = Stats.percentile(kafka, 50);
        double kafkaP99 = Stats.percentile(kafka, 99);
        System.out.printf("Kafka alone, the same two hops through a relay: p50 %.2f ms, p99 %.2f ms; service p99 minus"
                + " (raw batch-1 p99 + Kafka p99) = %.2f ms%n", kafkaP50, kafkaP99,
                p99 - raw.p99() - kafkaP99);

        if (report != null) {
            writeReport(version, images.size(), throughput, batching, raw, p50, p99, breakdown, kafkaP50, kafkaP99);
        }
        System.out.printf("ratio=%.3f%n", throughput.ratio());
        return 0;
    }

    /**
     * Medians over the rounds; the ratio is the median of each round's service / raw.
     *
     * @param rounds each round's raw / in-process / service images per second, for the report
     */
    private record Throughput(double raw, double decoding, double service, double ratio, String rounds) {
    }

    private record Latency(double p50, double p99) {
    }

    /**
     * Raw ONNX Runtime, the in-process pipeline with decoding, and the service, round after round in turn, so the
     * three meet the same load from the rest of this shared machine and each ratio compares neighbours.
     */
    private Throughput measureThroughput(ModelVersion version, ModelCard card, List<byte[]> images,
            float[] tensors) throws Exception {
        double[] raw = new double[rounds];
        double[] decoding = new double[rounds];
        double[] service = new double[rounds];
        double[] ratios = new double[rounds];
        List<String> perRound = new ArrayList<>();
        try (OrtSession session = OrtRuns.open(version.onnxFile());
                OrtSession asService = OrtRuns.openAsService(version.onnxFile());
                KafkaProducer<String, byte[]> producer = producer();
                KafkaConsumer<String, String> results = consumer()) {
            // The raw runs warm up before they are timed; so does the service (its JIT, its pools, its batches).
            serviceRound(producer, results, images, "warm-up", SERVICE_WARM_UP_REQUESTS);
            for (int round = 0; round < rounds; round++) {
                raw[round] = OrtRuns.imagesPerSecond(session, card, tensors, batch, 1, RAW_ROUND_SECONDS);
                decoding[round] = decodingImagesPerSecond(asService, card, images);
                service[round] = serviceRound(producer, results, images, "round " + (round + 1), requests);
                ratios[round] = service[round] / raw[round];
                System.out.printf("round %d: raw %.0f images/s, in-process with decoding %.0f images/s, service %.0f"
                        + " images/s, ratio %.3f%n", round + 1, raw[round], decoding[round], service[round],
                        ratios[round]);
                perRound.add(String.format("%.0f / %.0f / %.0f", raw[round], decoding[round], service[round]));
            }
        }
        return new Throughput(Stats.median(raw), Stats.median(decoding), Stats.median(service), Stats.median(ratios),
                String.join(", ", perRound));
    }

    /** The sample image for a batch slot (the samples in turn), decoded and preprocessed into that slot. */
    private void writeImage(ImagePreprocessor preprocessor, List<byte[]> images, float[] tensors, int slot) {
        try {
            BufferedImage image = decoder.decode(images.get(slot % images.size()), "image " + slot);
            preprocessor.write(image, CropRegion.whole(image.getWidth(), image.getHeight()), tensors,
                    slot * preprocessor.spec().tensorSize());
        } catch (ImageRejectedException e) {
            throw new IllegalArgumentException("sample image " + slot % images.size() + " in " + imagesDir
                    + " cannot be used: " + e.getMessage(), e);
        }
    }

    /**
     * What the service does per batch without Kafka: decode and preprocess every image (in parallel, as the
     * service does), then run the model on a session opened as the service opens it; for
     * {@link #RAW_ROUND_SECONDS}.
     */
    private double decodingImagesPerSecond(OrtSession session, ModelCard card, List<byte[]> images)
            throws Exception {
        ImagePreprocessor preprocessor = new ImagePreprocessor(card.preprocessing());
        float[] tensors = new float[batch * card.preprocessing().tensorSize()];
        long start = System.nanoTime();
        int runs = 0;
        while (System.nanoTime() - start < RAW_ROUND_SECONDS * 1e9) {
            IntStream.range(0, batch).parallel().forEach(slot -> writeImage(preprocessor, images, tensors, slot));
            OrtRuns.run(session, card, tensors, batch);
            runs++;
        }
        return runs * (double) batch / ((System.nanoTime() - start) / 1e9);
    }

    private Latency measureRawLatency(ModelVersion version, ModelCard card, float[] preprocessed) throws Exception {
        try (OrtSession session = OrtRuns.open(version.onnxFile())) {
            List<Double> single = OrtRuns.batchOneMillis(session, card, preprocessed, latencyRequests);
            return new Latency(Stats.percentile(single, 50), Stats.percentile(single, 99));
        }
    }

    /** Images per second of {@code count} requests sent as fast as the producer goes, until every result is back. */
    private double serviceRound(KafkaProducer<String, byte[]> producer, KafkaConsumer<String, String> results,
            List<byte[]> images, String round, int count) throws Exception {
        Set<String> pending = new HashSet<>();
        String prefix = "bench-" + Instant.now().toEpochMilli() + "-" + round.replace(' ', '-') + "-";
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String id = prefix + i;
            pending.add(id);
            producer.send(RecognitionRequestCodec.toRecord(Topics.RECOGNITION_REQUESTS, new RecognitionRequest(id,
                    images.get(i % images.size()), "image/png", Instant.now(), modelName, null, null)));
        }
        producer.flush();
        double sent = (System.nanoTime() - start) / 1e9;
        awaitAll(results, pending, Duration.ofMinutes(5));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("  service %s: %d requests sent in %.1f s, all answered after %.1f s%n", round, count, sent,
                seconds);
        return count / seconds;
    }

    /** Round trips at low load, and the service's own account of each ({@link RecognitionResult#timings()}). */
    private record LowLoad(List<Double> roundTrips, List<Timings> timings) {

        double median(ToDoubleFunction<Timings> part) {
            return Stats.percentile(timings.stream().map(part::applyAsDouble).toList(), 50);
        }
    }

    private LowLoad measureLatency(List<byte[]> images) throws Exception {
        LowLoad lowLoad = new LowLoad(new ArrayList<>(), new ArrayList<>());
        try (KafkaProducer<String, byte[]> producer = producer(); KafkaConsumer<String, String> results = consumer()) {
            for (int i = 0; i < latencyRequests + 20; i++) {
                String id = "latency-" + Instant.now().toEpochMilli() + "-" + i;
                long start = System.nanoTime();
                producer.send(RecognitionRequestCodec.toRecord(Topics.RECOGNITION_REQUESTS, new RecognitionRequest(
                        id, images.get(i % images.size()), "image/png", Instant.now(), modelName, null, null)));
                producer.flush();
                List<RecognitionResult> answered = awaitAll(results, new HashSet<>(Set.of(id)),
                        Duration.ofSeconds(30));
                if (i >= 20) { // the first ones warm the path up
                    lowLoad.roundTrips().add((System.nanoTime() - start) / 1e6);
                    lowLoad.timings().add(answered.get(0).timings());
                }
            }
        }
        return lowLoad;
    }

    /** Waits for the pending requests' results, which must all have succeeded. */
    private static List<RecognitionResult> awaitAll(KafkaConsumer<String, String> results, Set<String> pending,
            Duration timeout) throws IOException {
        List<RecognitionResult> answered = new ArrayList<>(pending.size());
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
                    answered.add(result);
                }
            }
        }
        return answered;
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
            return String.format("service batches since it started: mean %.1f, largest %.0f", sum / count, max);
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

    private void writeReport(ModelVersion version, int imageCount, Throughput throughput, String batching,
            Latency raw, double p50, double p99, String breakdown, double kafkaP50, double kafkaP99)
            throws IOException {
        String section = String.format("""
                ## Inference: service through Kafka against raw ONNX Runtime

                Measured %s on %s, by `./streetdigits bench inference` (model `%s`, %d images from `%s`, batch %d).
                After %d warm-up requests to the service, each of the %d rounds runs raw ONNX Runtime for %.0f s,
                the in-process pipeline for %.0f s and the service on %d requests, one after the other; figures are
                medians over the rounds, the ratio is the median of the rounds' ratios.

                | measure | figure |
                | --- | --- |
                | raw ONNX Runtime, batch %d (model only, in-process, preprocessed input) | %.0f images/s |
                | in-process pipeline: decode + preprocess (in parallel) + model, batch %d, no Kafka | %.0f images/s |
                | service through Kafka at saturation (%s) | %.0f images/s |
                | **ratio service / raw** | **%.3f** |
                | the rounds: raw / in-process / service, images/s | %s |
                | raw ONNX Runtime, batch 1 | p50 %.2f ms, p99 %.2f ms |
                | service through Kafka at low load, one request at a time (round trip) | p50 %.2f ms, p99 %.2f ms |
                | the same requests, by the service's own timings in their results | %s |
                | Kafka alone: the same two hops, a relay in place of the service, one at a time | p50 %.2f ms, p99 %.2f ms |
                | service p99 minus (raw batch-1 p99 + Kafka alone p99) | %.2f ms |
                """, LocalDate.now(), Machine.describe(), version.ref(), imageCount, imagesDir, batch,
                SERVICE_WARM_UP_REQUESTS, rounds, RAW_ROUND_SECONDS, RAW_ROUND_SECONDS, requests, batch,
                throughput.raw(), batch, throughput.decoding(), batching, throughput.service(), throughput.ratio(),
                throughput.rounds(), raw.p50(), raw.p99(), p50, p99, breakdown, kafkaP50, kafkaP99,
                p99 - raw.p99() - kafkaP99);
        MarkdownSections.replace(report, "Benchmarks", "inference", section);
        System.out.println("wrote " + report);
    }
}
