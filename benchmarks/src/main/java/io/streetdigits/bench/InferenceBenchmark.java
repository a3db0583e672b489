package io.streetdigits.bench;

import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.RecognitionRequest;
import io.streetdigits.core.contract.RecognitionRequestCodec;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.core.contract.Timings;
import io.streetdigits.core.contract.Topics;
import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.ImageDecoder;
import io.streetdigits.core.image.ImageLimits;
import io.streetdigits.core.image.ImageRejectedException;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.pipeline.PipelineReader;
import io.streetdigits.core.pipeline.SessionPipeline;
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
 * The inference service against its own ceiling on this machine, for a declared pipeline (the default one unless
 * {@code --model} names another, or a model read alone), measured side by side in one run:
 * <ol>
 * <li>raw: the pipeline's models alone, through the core's executor, in this process, on batches already decoded
 * and preprocessed (no decoding, no Kafka);</li>
 * <li>in-process ceiling: the service's work without Kafka, batch for batch as the service runs it: decode and
 * preprocess each batch's photos in parallel, then every step of the pipeline;</li>
 * <li>service: the same photos as requests on Kafka, as fast as the producer sends, until every result is
 * back;</li>
 * <li>latency: one request at a time through Kafka at low load, against raw batch-1 runs of the pipeline and
 * against Kafka's own round trip on the same two hops ({@link KafkaRoundTrip}).</li>
 * </ol>
 * The three throughputs are measured in turn, round after round. The last line is
 * {@code ratio=<service / in-process> raw=<images/s>}.
 */
final class InferenceBenchmark {

    /** Seconds of each round of raw ONNX Runtime and of the in-process pipeline. */
    private static final double RAW_ROUND_SECONDS = 3;

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
    /**
     * Requests that warm the service up before its rounds are timed: with 1,000 or 3,000, each round still ran
     * faster than the one before it, for a minute and more (the JIT of a JVM that shares two cores).
     */
    private final int warmUpRequests;
    private final Path report;
    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

    InferenceBenchmark(BenchOptions options) {
        bootstrap = options.text("bootstrap", "127.0.0.1:19092");
        modelsDir = Path.of(options.text("models", "models"));
        modelName = options.text("model", "house-number");
        imagesDir = Path.of(options.text("images", "data/samples/images"));
        inferenceUri = URI.create(options.text("inference", "http://127.0.0.1:8081"));
        batch = options.integer("batch", 64);
        requests = options.integer("requests", 3000);
        latencyRequests = options.integer("latency-requests", 300);
        rounds = options.integer("rounds", 3);
        warmUpRequests = options.integer("warm-up", 12_000);
        report = options.optionalPath("report");
        options.requireAllRead();
    }

    int run() throws Exception {
        ModelRepository repository = new ModelRepository(modelsDir);
        List<byte[]> images = readImages();
        try (SessionPipeline opened = SessionPipeline.open(repository, modelName, OrtRuns::openAsService)) {
            PipelineReader reader = opened.reader();
            System.out.printf("pipeline %s %s, %d photos from %s, batch %d, %s%n", modelName, reader.refs(),
                    images.size(), imagesDir, batch, Machine.describe());
            // Every photo in turn, as the service gets them: a set larger than a batch is decoded once, batch by batch.
            List<Batch> decoded = new ArrayList<>();
            for (int first = 0; first < images.size(); first += batch) {
                decoded.add(decode(reader, images, first, batch));
            }
            Throughput throughput = measureThroughput(reader, images, decoded);
            String batching = serviceBatching();
            System.out.printf("raw (the models alone), batch %d: %.0f images/s; in-process ceiling (decode,"
                    + " preprocess, every model): %.0f images/s; service through Kafka at saturation: %.0f images/s"
                    + " (medians of %d rounds of %d requests; %s)%n", batch, throughput.raw(), throughput.ceiling(),
                    throughput.service(), rounds, requests, batching);
            Latency raw = measureRawLatency(reader, images);
            System.out.printf("raw, batch 1: p50 %.2f ms, p99 %.2f ms%n", raw.p50(), raw.p99());
            return measureAtLowLoad(reader, images, throughput, batching, raw);
        }
    }

    private int measureAtLowLoad(PipelineReader reader, List<byte[]> images, Throughput throughput,
            String batching, Latency raw) throws Exception {
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
            writeReport(reader, images.size(), throughput, batching, raw, p50, p99, breakdown, kafkaP50, kafkaP99);
        }
        System.out.printf("ratio=%.3f raw=%.0f%n", throughput.ratio(), throughput.raw());
        return 0;
    }

    /**
     * Medians over the rounds; the ratio is the median of each round's service / in-process ceiling.
     *
     * @param rounds each round's raw / in-process / service images per second, for the report
     */
    private record Throughput(double raw, double ceiling, double service, double ratio, String rounds) {
    }

    /** A batch of photos decoded and preprocessed for the pipeline's first step, slot by slot. */
    private record Batch(float[] inputs, BufferedImage[] images) {
    }

    private record Latency(double p50, double p99) {
    }

    /**
     * Raw, the in-process ceiling and the service, round after round in turn, so the three meet the same load from
     * the rest of this shared machine and each ratio compares neighbours.
     */
    private Throughput measureThroughput(PipelineReader reader, List<byte[]> images, List<Batch> decoded)
            throws Exception {
        double[] raw = new double[rounds];
        double[] ceiling = new double[rounds];
        double[] service = new double[rounds];
        double[] ratios = new double[rounds];
        List<String> perRound = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer();
                KafkaConsumer<String, String> results = consumer()) {
            // Everything warms up before it is timed (the JIT, ONNX Runtime's lazy set-up, the service's pools).
            int[] next = {0};
            BatchRun models = () -> {
                Batch ready = decoded.get(next[0]++ % decoded.size());
                reader.read(ready.inputs(), ready.images(), batch);
            };
            BatchRun everything = () -> {
                Batch fresh = decode(reader, images, (next[0]++ % decoded.size()) * batch, batch);
                reader.read(fresh.inputs(), fresh.images(), batch);
            };
            imagesPerSecond(models);
            imagesPerSecond(everything);
            serviceRound(producer, results, images, "warm-up", warmUpRequests);
            for (int round = 0; round < rounds; round++) {
                raw[round] = imagesPerSecond(models);
                ceiling[round] = imagesPerSecond(everything);
                service[round] = serviceRound(producer, results, images, "round " + (round + 1), requests);
                ratios[round] = service[round] / ceiling[round];
                System.out.printf("round %d: raw %.0f images/s, in-process ceiling %.0f images/s, service %.0f"
                        + " images/s, ratio %.3f%n", round + 1, raw[round], ceiling[round], service[round],
                        ratios[round]);
                perRound.add(String.format("%.0f / %.0f / %.0f", raw[round], ceiling[round], service[round]));
            }
        }
        return new Throughput(Stats.median(raw), Stats.median(ceiling), Stats.median(service), Stats.median(ratios),
                String.join(", ", perRound));
    }

    /** One batch's work, timed for {@link #RAW_ROUND_SECONDS}. */
    private interface BatchRun {
        void run() throws Exception;
    }

    private double imagesPerSecond(BatchRun work) throws Exception {
        long start = System.nanoTime();
        int runs = 0;
        while (System.nanoTime() - start < RAW_ROUND_SECONDS * 1e9) {
            work.run();
            runs++;
        }
        return runs * (double) batch / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * {@code size} photos in turn from the {@code first}, decoded and preprocessed in parallel into their slots, as
     * the service decodes a batch.
     */
    private Batch decode(PipelineReader reader, List<byte[]> images, int first, int size) {
        int tensorSize = reader.input().spec().tensorSize();
        Batch decoded = new Batch(new float[size * tensorSize], new BufferedImage[size]);
        IntStream.range(0, size).parallel().forEach(slot -> {
            int photo = (first + slot) % images.size();
            try {
                BufferedImage image = decoder.decode(images.get(photo), "photo " + photo);
                reader.input().write(image, CropRegion.whole(image.getWidth(), image.getHeight()), decoded.inputs(),
                        slot * tensorSize);
                decoded.images()[slot] = image;
            } catch (ImageRejectedException e) {
                throw new IllegalArgumentException("photo " + photo + " in " + imagesDir
                        + " cannot be used: " + e.getMessage(), e);
            }
        });
        return decoded;
    }

    /** The pipeline on one photo at a time, decoded already: each photo of the set in turn. */
    private Latency measureRawLatency(PipelineReader reader, List<byte[]> images) throws Exception {
        List<Double> millis = new ArrayList<>(latencyRequests);
        for (int i = 0; i < latencyRequests + 20; i++) {
            Batch one = decode(reader, images, i, 1);
            long start = System.nanoTime();
            reader.read(one.inputs(), one.images(), 1);
            if (i >= 20) {
                millis.add((System.nanoTime() - start) / 1e6);
            }
        }
        return new Latency(Stats.percentile(millis, 50), Stats.percentile(millis, 99));
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

    /** A folder as the command line would name it: relative to the working directory when it lies below it. */
    private static Path shown(Path folder) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = folder.toAbsolutePath().normalize();
        return absolute.startsWith(here) ? here.relativize(absolute) : folder;
    }

    /** The photo set's name, for its section of the report: its folder's, or the one above when that is "images". */
    private String photoSet() {
        Path folder = imagesDir.toAbsolutePath().normalize();
        return folder.getFileName().toString().equals("images") && folder.getParent() != null
                ? folder.getParent().getFileName().toString() : folder.getFileName().toString();
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

    private void writeReport(PipelineReader reader, int imageCount, Throughput throughput, String batching,
            Latency raw, double p50, double p99, String breakdown, double kafkaP50, double kafkaP99)
            throws IOException {
        String section = String.format("""
                ## Inference: the service through Kafka against its in-process ceiling, %s photos

                Measured %s on %s, by `./streetdigits bench inference --images %s` (pipeline `%s`: %s; %d photos,
                batch %d). After %d warm-up requests to the service, each of the %d rounds runs the models alone
                for %.0f s, the in-process ceiling for %.0f s and the service on %d requests, one after the other;
                figures are medians over the rounds, the ratio is the median of the rounds' ratios.

                | measure | figure |
                | --- | --- |
                | raw: the pipeline's models alone, batch %d (decoded and preprocessed input, in-process) | %.0f images/s |
                | in-process ceiling: decode + preprocess (in parallel) + every model, batch %d, no Kafka | %.0f images/s |
                | service through Kafka at saturation (%s) | %.0f images/s |
                | **ratio service / in-process ceiling** | **%.3f** |
                | the rounds: raw / in-process / service, images/s | %s |
                | raw, batch 1 (one photo at a time through the pipeline) | p50 %.2f ms, p99 %.2f ms |
                | service through Kafka at low load, one request at a time (round trip) | p50 %.2f ms, p99 %.2f ms |
                | the same requests, by the service's own timings in their results | %s |
                | Kafka alone: the same two hops, a relay in place of the service, one at a time | p50 %.2f ms, p99 %.2f ms |
                | service p99 minus (raw batch-1 p99 + Kafka alone p99) | %.2f ms |
                """, photoSet(), LocalDate.now(), Machine.describe(), shown(imagesDir), modelName, reader.refs(), imageCount, batch,
                warmUpRequests, rounds, RAW_ROUND_SECONDS, RAW_ROUND_SECONDS, requests, batch,
                throughput.raw(), batch, throughput.ceiling(), batching, throughput.service(), throughput.ratio(),
                throughput.rounds(), raw.p50(), raw.p99(), p50, p99, breakdown, kafkaP50, kafkaP99,
                p99 - raw.p99() - kafkaP99);
        MarkdownSections.replace(report, "Benchmarks", "inference-" + photoSet(), section);
        System.out.println("wrote " + report);
    }
}
