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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 * <li>in-process ceiling: the service's work without Kafka, batch for batch as the service runs it: as many
 * batches at once as the service works on (its metrics say how many), each decoded and preprocessed in parallel,
 * then every step of the pipeline, on sessions opened as the service opens them;</li>
 * <li>service: the same photos as requests on Kafka, as fast as the producer sends, until every result is
 * back; meanwhile the service's stage metrics and every process's CPU are sampled ({@link PhaseProfile});</li>
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

    /** The results consumer's fetch wait while the service is saturated: the service's own default. */
    private static final int SATURATED_FETCH_WAIT_MS = 100;

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
    private final LocalStack stack;
    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
    /** Batches the service works on at once, read from its metrics: the in-process runs do the same. */
    private int concurrency;

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
        stack = new LocalStack(Path.of(options.text("root", ".")).toAbsolutePath().normalize());
        options.requireAllRead();
    }

    int run() throws Exception {
        ModelRepository repository = new ModelRepository(modelsDir);
        List<byte[]> images = readImages();
        concurrency = serviceConcurrency();
        try (SessionPipeline opened = SessionPipeline.open(repository, modelName,
                file -> OrtRuns.openAsService(file, concurrency))) {
            PipelineReader reader = opened.reader();
            System.out.printf("pipeline %s %s, %d photos from %s, batch %d, %d batches at once as the service"
                    + " works, %s%n", modelName, reader.refs(), images.size(), imagesDir, batch, concurrency,
                    Machine.describe());
            // Every photo in turn, as the service gets them: a set larger than a batch is decoded once, batch by batch.
            List<Batch> decoded = new ArrayList<>();
            for (int first = 0; first < images.size(); first += batch) {
                decoded.add(decode(reader, images, first, batch));
            }
            PhaseProfile saturated = new PhaseProfile(stack, inferenceUri);
            StageReport.Clock ceilingStages = new StageReport.Clock();
            Throughput throughput = measureThroughput(reader, images, decoded, saturated, ceilingStages);
            String batching = serviceBatching();
            System.out.printf("raw (the models alone), batch %d: %.0f images/s; in-process ceiling (decode,"
                    + " preprocess, every model): %.0f images/s; service through Kafka at saturation: %.0f images/s"
                    + " (medians of %d rounds of %d requests; %s)%n", batch, throughput.raw(), throughput.ceiling(),
                    throughput.service(), rounds, requests, batching);
            String stages = StageReport.table(saturated, ceilingStages);
            System.out.print(stages);
            String cpu = StageReport.cpuShares(saturated);
            System.out.println("CPU while the service rounds ran: " + cpu);
            Latency raw = measureRawLatency(reader, images);
            System.out.printf("raw, batch 1: p50 %.2f ms, p99 %.2f ms%n", raw.p50(), raw.p99());
            return measureAtLowLoad(reader, images, new Saturation(throughput, batching, stages, cpu), raw);
        }
    }

    /** What the saturated rounds found, for the report. */
    private record Saturation(Throughput throughput, String batching, String stages, String cpu) {
    }

    private int measureAtLowLoad(PipelineReader reader, List<byte[]> images, Saturation saturation, Latency raw)
            throws Exception {
        PhaseProfile profile = new PhaseProfile(stack, inferenceUri);
        LowLoad lowLoad = profile.during(() -> measureLatency(images));
        double p50 = Stats.percentile(lowLoad.roundTrips(), 50);
        double p99 = Stats.percentile(lowLoad.roundTrips(), 99);
        String breakdown = String.format("medians: queued %.2f ms (first hop and poll), decoding %.2f ms, model %.2f"
                + " ms, result ready %.2f ms after submission", lowLoad.median(Timings::queueMillis),
                lowLoad.median(Timings::decodeMillis), lowLoad.median(Timings::inferenceMillis),
                lowLoad.median(Timings::totalMillis));
        String waits = String.format("from the record's timestamp to the model's start %.2f ms (median); from the"
                + " result ready to Kafka's acknowledgement %.2f ms (the service's mean)",
                lowLoad.median(t -> t.totalMillis() - t.inferenceMillis()),
                StageReport.perBatch(profile.metrics(), "publish"));
        String slowest = lowLoad.slowest();
        System.out.printf("service through Kafka at low load, one request at a time: p50 %.2f ms, p99 %.2f ms;"
                + " the service's own timings, %s; %s; %s%n", p50, p99, breakdown, waits, slowest);
        // The same two hops with a relay in place of the service; the reply is about a result's size.
        List<Double> kafka = KafkaRoundTrip.measure(bootstrap, images.get(0), new byte[RESULT_BYTES],
                latencyRequests);
        double kafkaP50 = Stats.percentile(kafka, 50);
        double kafkaP99 = Stats.percentile(kafka, 99);
        System.out.printf("Kafka alone, the same two hops through a relay: p50 %.2f ms, p99 %.2f ms; service p99 minus"
                + " (raw batch-1 p99 + Kafka p99) = %.2f ms%n", kafkaP50, kafkaP99,
                p99 - raw.p99() - kafkaP99);

        if (report != null) {
            writeReport(reader, images.size(), saturation, raw, p50, p99, breakdown + "; " + waits, slowest,
                    kafkaP50, kafkaP99);
        }
        System.out.printf("ratio=%.3f raw=%.0f%n", saturation.throughput().ratio(), saturation.throughput().raw());
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
    private Throughput measureThroughput(PipelineReader reader, List<byte[]> images, List<Batch> decoded,
            PhaseProfile saturated, StageReport.Clock ceilingStages) throws Exception {
        double[] raw = new double[rounds];
        double[] ceiling = new double[rounds];
        double[] service = new double[rounds];
        double[] ratios = new double[rounds];
        List<String> perRound = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer();
                KafkaConsumer<String, String> results = consumer(SATURATED_FETCH_WAIT_MS)) {
            // Everything warms up before it is timed (the JIT, ONNX Runtime's lazy set-up, the service's pools).
            AtomicInteger next = new AtomicInteger();
            BatchRun models = () -> {
                Batch ready = decoded.get(next.getAndIncrement() % decoded.size());
                reader.read(ready.inputs(), ready.images(), batch);
            };
            // The warm-up's clock, then the timed rounds'.
            AtomicReference<StageReport.Clock> clock = new AtomicReference<>(new StageReport.Clock());
            BatchRun everything = () -> {
                long start = System.nanoTime();
                Batch fresh = decode(reader, images, (next.getAndIncrement() % decoded.size()) * batch, batch);
                long decodedAt = System.nanoTime();
                long[] modelNanos = {0};
                StageReport.Clock stages = clock.get();
                reader.read(fresh.inputs(), fresh.images(), batch, (step, model, inputs, nanos) -> {
                    stages.add(StageReport.Clock.model(step, model.toString()), nanos);
                    modelNanos[0] += nanos;
                });
                stages.add("decode", decodedAt - start);
                stages.add("between-models", System.nanoTime() - decodedAt - modelNanos[0]);
                stages.photos(batch);
            };
            imagesPerSecond(models);
            imagesPerSecond(everything);
            serviceRound(producer, results, images, "warm-up", warmUpRequests);
            clock.set(ceilingStages);
            for (int round = 0; round < rounds; round++) {
                raw[round] = imagesPerSecond(models);
                ceiling[round] = imagesPerSecond(everything);
                String name = "round " + (round + 1);
                service[round] = saturated.during(() -> serviceRound(producer, results, images, name, requests));
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

    /** Images per second of {@code work} run by as many threads at once as the service works on batches. */
    private double imagesPerSecond(BatchRun work) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        try {
            long start = System.nanoTime();
            List<Future<Integer>> counts = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                counts.add(threads.submit(() -> {
                    int runs = 0;
                    while (System.nanoTime() - start < RAW_ROUND_SECONDS * 1e9) {
                        work.run();
                        runs++;
                    }
                    return runs;
                }));
            }
            int runs = 0;
            for (Future<Integer> count : counts) {
                runs += count.get();
            }
            return runs * (double) batch / ((System.nanoTime() - start) / 1e9);
        } finally {
            threads.shutdownNow();
        }
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

        /** Where the slowest 1 % of the round trips (the p99's tail) spent their time, by the service's timings. */
        String slowest() {
            int n = Math.max(1, (int) Math.ceil(roundTrips.size() / 100.0));
            List<Integer> order = IntStream.range(0, roundTrips.size()).boxed()
                    .sorted((a, b) -> Double.compare(roundTrips.get(b), roundTrips.get(a))).limit(n).toList();
            double trip = 0;
            double queued = 0;
            double before = 0;
            double model = 0;
            for (int i : order) {
                Timings t = timings.get(i);
                trip += roundTrips.get(i) / n;
                queued += t.queueMillis() / n;
                before += (t.totalMillis() - t.inferenceMillis() - t.queueMillis()) / n;
                model += t.inferenceMillis() / n;
            }
            return String.format("the slowest %d (1 %%), means: round trip %.2f ms = queued %.2f + reading and"
                    + " decoding %.2f + model %.2f + the result's way back %.2f", n, trip, queued, before, model,
                    trip - queued - before - model);
        }
    }

    private LowLoad measureLatency(List<byte[]> images) throws Exception {
        LowLoad lowLoad = new LowLoad(new ArrayList<>(), new ArrayList<>());
        try (KafkaProducer<String, byte[]> producer = producer();
                KafkaConsumer<String, String> results = consumer(KafkaRoundTrip.FETCH_WAIT_MS)) {
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

    /**
     * The requests' producer, set as the gateway's: no lingering, and batches larger than a photo (Kafka's default
     * of 16 KiB is smaller), so that photos sent together travel in one request to the broker.
     */
    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * A consumer of the results topic positioned at its end, so only this run's results are read.
     *
     * @param fetchWaitMs how long the broker may hold a fetch that finds nothing new; at one request at a time the
     *                    latency client's short wait, under load the service's own (an empty fetch every 5 ms
     *                    would cost the broker, on the cores the service shares, what no client needs to spend)
     */
    private KafkaConsumer<String, String> consumer(int fetchWaitMs) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchWaitMs),
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

    /** How many batches the service works on at once, from its metrics. */
    private int serviceConcurrency() throws IOException {
        double batches = MetricsSnapshot.fetch(inferenceUri).value("streetdigits_inference_batch_concurrency");
        if (batches < 1) {
            throw new IOException("the inference service at " + inferenceUri + " reports no"
                    + " streetdigits_inference_batch_concurrency in /q/metrics; is it another version than this"
                    + " benchmark?");
        }
        return (int) batches;
    }

    /** The service's own view of its batches, from its metrics: mean and largest batch size. */
    private String serviceBatching() {
        try {
            MetricsSnapshot metrics = MetricsSnapshot.fetch(inferenceUri);
            return String.format("service batches since it started: mean %.1f, largest %.0f",
                    metrics.value("streetdigits_inference_batch_size_sum")
                            / metrics.value("streetdigits_inference_batch_size_count"),
                    metrics.value("streetdigits_inference_batch_size_max"));
        } catch (IOException e) {
            return "service batch sizes unavailable: " + e.getMessage();
        }
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

    private void writeReport(PipelineReader reader, int imageCount, Saturation saturation, Latency raw, double p50,
            double p99, String breakdown, String slowest, double kafkaP50, double kafkaP99) throws IOException {
        Throughput throughput = saturation.throughput();
        String section = String.format("""
                ## Inference: the service through Kafka against its in-process ceiling, %s photos

                Measured %s on %s, by `./streetdigits bench inference --images %s` (pipeline `%s`: %s; %d photos,
                batch %d, %d batches at once in the service and in-process alike). After %d warm-up requests to the
                service, each of the %d rounds runs the models alone for %.0f s, the in-process ceiling for %.0f s
                and the service on %d requests, one after the other; figures are medians over the rounds, the
                ratio is the median of the rounds' ratios.

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
                | the tail | %s |
                | Kafka alone: the same two hops, a relay in place of the service, one at a time | p50 %.2f ms, p99 %.2f ms |
                | service p99 minus (raw batch-1 p99 + Kafka alone p99) | %.2f ms |

                Where a photo's time goes at saturation: the service's stage metrics (`%s`) over its timed rounds,
                per photo answered, and the in-process ceiling's rounds clocked the same way. CPU while the service
                rounds ran: %s.

                %s""", photoSet(), LocalDate.now(), Machine.describe(), shown(imagesDir), modelName, reader.refs(),
                imageCount, batch, concurrency, warmUpRequests, rounds, RAW_ROUND_SECONDS, RAW_ROUND_SECONDS,
                requests, batch,
                throughput.raw(), batch, throughput.ceiling(), saturation.batching(), throughput.service(),
                throughput.ratio(), throughput.rounds(), raw.p50(), raw.p99(), p50, p99, breakdown, slowest, kafkaP50,
                kafkaP99, p99 - raw.p99() - kafkaP99, StageReport.STAGE, saturation.cpu(), saturation.stages());
        MarkdownSections.replace(report, "Benchmarks", "inference-" + photoSet(), section);
        System.out.println("wrote " + report);
    }
}
