package io.streetdigits.bench;

import static io.streetdigits.core.synthetic.HostileImages.pngHeaderDeclaring;

import com.fasterxml.jackson.databind.JsonNode;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.RecognitionRequest;
import io.streetdigits.core.contract.RecognitionRequestCodec;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.core.contract.RequestHeaders;
import io.streetdigits.core.contract.Topics;
import io.streetdigits.core.synthetic.HostileImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Proves that an accepted request gets exactly one answer through faults: the inference service SIGKILLed in the
 * middle of a batch (and working as soon as it says it is ready), the broker stopped and restarted under a stream
 * of single requests (readiness and submissions failing fast meanwhile), the gateway killed in the middle of a
 * batch, a record that kills the inference service (back within one restart, the record quarantined); then hostile
 * input, each answered as documented while the next good request still works. Runs against the local stack,
 * bounded in count and time. The last line is {@code accepted=<n> answered=<n> lost=<n> duplicates_in_output=<n>};
 * the exit code is 1 when anything was lost or repeated, or a scenario was answered otherwise than documented.
 */
final class FaultsBenchmark {

    private final GatewayClient gateway;
    private final LocalStack stack;
    private final String bootstrap;
    private final URI inference;
    private final String apiKey;
    private final int batchSize;
    private final Path report;
    private final List<String> rows = new ArrayList<>();
    private int accepted;
    private int answered;
    private int lost;
    private int duplicates;
    /** Scenarios whose outcome was not the documented one (besides lost or repeated results). */
    private final List<String> failures = new ArrayList<>();

    FaultsBenchmark(BenchOptions options) {
        URI base = URI.create(options.text("gateway", "http://127.0.0.1:8080"));
        apiKey = options.text("api-key", "sd-dev-key");
        gateway = new GatewayClient(base, apiKey);
        stack = new LocalStack(Path.of(options.text("root", ".")).toAbsolutePath().normalize());
        bootstrap = options.text("bootstrap", "127.0.0.1:19092");
        inference = URI.create(options.text("inference", "http://127.0.0.1:8081"));
        batchSize = options.integer("batch", 300);
        report = options.optionalPath("report");
        options.requireAllRead();
    }

    int run() throws Exception {
        inferenceKilledMidBatch();
        brokerRestartedUnderLoad();
        gatewayKilledMidBatch();
        poisonRecordKillsInference();
        hostileInput();
        String summary = String.format("accepted=%d answered=%d lost=%d duplicates_in_output=%d", accepted, answered,
                lost, duplicates);
        if (report != null) {
            writeReport(summary);
        }
        failures.forEach(failure -> System.out.println("FAILED " + failure));
        System.out.println(summary);
        return lost == 0 && duplicates == 0 && failures.isEmpty() ? 0 : 1;
    }

    private void inferenceKilledMidBatch() throws Exception {
        Map<String, byte[]> images = SampleImages.generate(batchSize, 10_000);
        String batchId = upload(images);
        awaitDone(batchId, batchSize / 4);
        stack.kill("inference");
        Thread.sleep(2000);
        stack.start("inference"); // returns once readiness says UP
        long ready = System.nanoTime();
        HttpResponse<String> first = gateway.postImage(SampleImages.generate(1, 15_000).values().iterator().next(),
                "?wait=60s");
        double seconds = (System.nanoTime() - ready) / 1e9;
        checkBatch("inference service SIGKILLed mid-batch and restarted", batchId, images.keySet());
        // An outside probe saw a restarted instance report ready and do nothing for 47-59 s.
        check("inference restarted after SIGKILL: ready means working", String.format(
                "a request sent when it reported ready was answered in %.1f s (static membership: its partitions"
                        + " came back at once)", seconds),
                first.statusCode() == 200 && seconds < 10 ? null : "answered " + first.statusCode() + " after "
                        + String.format("%.1f s", seconds));
    }

    /**
     * A record that kills the process (the outside probe's 130 KB PNG that is 128 MiB decoded, sent to an instance
     * whose operator raised the decoding limits and which exits on out-of-memory, as a container's memory limit
     * kills it): the service must be back within one restart, the record quarantined, every other request answered.
     */
    private void poisonRecordKillsInference() throws Exception {
        Map<String, String> crashing = Map.of("STREETDIGITS_INFERENCE_JAVA_OPTS", "-Xmx192m"
                + " -XX:+ExitOnOutOfMemoryError -Dstreetdigits.image.max-decoded-bytes=1073741824"
                + " -Dstreetdigits.image.decoding-budget-bytes=1073741824");
        stack.stop("inference");
        stack.start("inference", crashing);
        String poison = "poison-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(RecognitionRequestCodec.toRecord(Topics.RECOGNITION_REQUESTS, new RecognitionRequest(poison,
                    HostileImages.deepRgbaPng(4096, 4096), "image/png", Instant.now(), null, null, null))).get();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (stack.running("inference-service") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        boolean died = !stack.running("inference-service");
        // Users go on submitting while it is down: a batch through the gateway, queued behind the poison.
        Map<String, byte[]> images = SampleImages.generate(batchSize / 3, 50_000);
        String batchId = upload(images);
        stack.start("inference", crashing); // the one restart
        HttpResponse<String> quarantined = awaitResult(poison, Duration.ofSeconds(90));
        checkBatch("a record that kills inference (out of memory), one restart, the batch queued behind it",
                batchId, images.keySet());
        String outcome = !died ? "the poison did not kill the service (nothing to protect against)"
                : quarantined.statusCode() != 200 || !quarantined.body().contains("QUARANTINED")
                        ? "the poison's answer was " + quarantined.statusCode() + " " + abbreviate(quarantined.body())
                        : !stack.running("inference-service") ? "the service died again after its restart" : null;
        check("crash loop: a record that kills the inference service", "it died once; after one restart the record"
                + " was answered QUARANTINED and dead-lettered unread, and the service kept serving", outcome);
        stack.stop("inference");
        stack.start("inference");
    }

    private void gatewayKilledMidBatch() throws Exception {
        Map<String, byte[]> images = SampleImages.generate(batchSize, 20_000);
        String batchId = upload(images);
        stack.kill("gateway");
        stack.start("gateway");
        checkBatch("gateway SIGKILLed right after accepting a batch, and restarted", batchId, images.keySet());
        // An outside probe saw a restarted gateway answer 404 for known ids and RUNNING 0/200 for a finished
        // batch for about 5 s: it was ready before it had read back what it knew.
        String single = GatewayClient.json(gateway.postImage(SampleImages.generate(1, 25_000).values().iterator()
                .next(), "?wait=30s")).path("id").asText();
        stack.kill("gateway");
        stack.start("gateway"); // returns once readiness says UP
        HttpResponse<String> status = gateway.get("/api/v1/batches/" + batchId);
        HttpResponse<String> found = gateway.get("/api/v1/recognitions/" + single);
        boolean complete = status.statusCode() == 200 && GatewayClient.json(status).path("done").asInt()
                == images.size() && GatewayClient.json(status).path("status").asText().equals("COMPLETE");
        check("gateway SIGKILLed and restarted: ready means caught up", "the first lookups after it reported ready"
                        + " found the finished batch COMPLETE " + images.size() + "/" + images.size()
                        + " and the single recognition (until then: 503 not-caught-up, never a false 404)",
                complete && found.statusCode() == 200 ? null : "batch " + status.statusCode() + " "
                        + abbreviate(status.body()) + ", recognition " + found.statusCode());
    }

    private void brokerRestartedUnderLoad() throws Exception {
        byte[] image = SampleImages.generate(1, 30_000).values().iterator().next();
        Set<String> acceptedIds = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread sender = new Thread(() -> {
            while (sending.get()) {
                try {
                    HttpResponse<String> response = gateway.postImage(image, "");
                    if (response.statusCode() == 202) {
                        acceptedIds.add(GatewayClient.json(response).path("id").asText());
                    } else {
                        refused.incrementAndGet(); // 503 while Kafka is down: not accepted, nothing queued
                    }
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    refused.incrementAndGet();
                }
            }
        }, "fault-load");
        sender.start();
        Thread.sleep(5000);
        stack.stop("kafka");
        Thread.sleep(2000);
        // An outside probe saw readiness take 60 s to answer with the broker down, and a POST 15-18 s to get its 503.
        probeWhileKafkaIsDown(image);
        Thread.sleep(1000);
        stack.start("kafka");
        Thread.sleep(10_000);
        sending.set(false);
        sender.join();

        int found = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        for (String id : acceptedIds) {
            while (System.nanoTime() < deadline) {
                HttpResponse<String> response = gateway.get("/api/v1/recognitions/" + id + "?wait=20s");
                if (response.statusCode() == 200) {
                    found++;
                    break;
                }
            }
        }
        record("Kafka broker stopped for 5 s and restarted under a stream of single requests ("
                + refused.get() + " refused with 503 while it was down)", acceptedIds.size(), found, 0);
    }

    /** Readiness of both services and one submission, timed, while the broker is down. */
    private String probeWhileKafkaIsDown(byte[] image) throws Exception {
        List<String> problems = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        Map<String, URI> probes = new LinkedHashMap<>();
        probes.put("gateway /q/health/ready", gateway.uri("/q/health/ready"));
        probes.put("gateway /v2/health/ready", gateway.uri("/v2/health/ready"));
        probes.put("inference /q/health/ready", inference.resolve("/q/health/ready"));
        for (Map.Entry<String, URI> probe : probes.entrySet()) {
            URI service = probe.getValue();
            long start = System.nanoTime();
            HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(service).GET());
            double seconds = (System.nanoTime() - start) / 1e9;
            seen.add(String.format("%s %d in %.1f s", probe.getKey(), response.statusCode(), seconds));
            if (response.statusCode() != 503 || seconds > 3) {
                problems.add(service + " answered " + response.statusCode() + " in " + String.format("%.1f s",
                        seconds));
            }
        }
        long start = System.nanoTime();
        HttpResponse<String> post = gateway.postImage(image, "");
        double seconds = (System.nanoTime() - start) / 1e9;
        seen.add(String.format("a POST %d in %.1f s", post.statusCode(), seconds));
        if (post.statusCode() != 503 || seconds > 5) {
            problems.add("a POST got " + post.statusCode() + " after " + String.format("%.1f s", seconds));
        }
        check("Kafka broker down: readiness and submissions fail fast", String.join(", ", seen),
                problems.isEmpty() ? null : String.join("; ", problems));
        return String.join(", ", seen);
    }

    /** Records a scenario judged by its outcome: null when it was answered as documented. */
    private void check(String scenario, String documented, String outcome) {
        if (outcome != null) {
            failures.add(scenario + ": " + outcome);
        }
        rows.add(String.format("| %s | %s |", scenario, outcome == null ? documented : "**" + outcome + "**"));
        System.out.printf("%-60s %s%n", scenario, outcome == null ? "ok" : "FAILED " + outcome);
    }

    private void hostileInput() throws Exception {
        byte[] good = SampleImages.generate(1, 40_000).values().iterator().next();
        String foreignId = GatewayClient.json(gateway.postImage(good, "?wait=20s")).path("id").asText();
        String errorResult = "accepted, then an error result IMAGE_UNDECODABLE";
        Map<String, Hostile> cases = new LinkedHashMap<>();
        cases.put("corrupt PNG (pixel data overwritten)", new Hostile(errorResult,
                () -> expectResultError(gateway.postImage(corrupt(good), "?wait=20s"), "IMAGE_UNDECODABLE")));
        cases.put("truncated PNG", new Hostile(errorResult, () -> expectResultError(
                gateway.postImage(Arrays.copyOf(good, good.length / 2), "?wait=20s"), "IMAGE_UNDECODABLE")));
        byte[] jpeg = noisyJpeg();
        // Cut inside the scan data, the header is whole: accepted, and the decoder in inference reports it.
        cases.put("truncated JPEG (scan data cut)", new Hostile(errorResult, () -> expectResultError(
                postJpeg(Arrays.copyOf(jpeg, jpeg.length * 3 / 4), "?wait=20s"), "IMAGE_UNDECODABLE")));
        // Cut inside the header: the gateway cannot read the size and refuses it before anything is queued.
        cases.put("truncated JPEG (header cut)", new Hostile("415 not-an-image",
                () -> expect(postJpeg(Arrays.copyOf(jpeg, 300), ""), 415, "not-an-image")));
        cases.put("zero bytes", new Hostile("400 empty-image",
                () -> expect(gateway.postImage(new byte[0], ""), 400, "empty-image")));
        cases.put("not an image", new Hostile("415 not-an-image",
                () -> expect(gateway.postImage("just text".getBytes(), ""), 415, "not-an-image")));
        cases.put("decompression bomb (60000x60000 declared)", new Hostile("413 image-too-many-pixels, from the"
                + " header alone", () -> expect(gateway.postImage(pngHeaderDeclaring(60_000, 60_000), ""), 413,
                "image-too-many-pixels")));
        cases.put("oversized body (6 MiB)", new Hostile("413 before the body is buffered",
                () -> expect(gateway.postImage(new byte[6 * 1024 * 1024], ""), 413, "too-large")));
        cases.put("zip slip", new Hostile("400 zip-slip, nothing queued",
                () -> expect(gateway.postZip(zip("../../etc/passwd.png", good), "slip.zip"), 400, "zip-slip")));
        cases.put("zip bomb", new Hostile("400 zip-bomb, nothing queued", () -> expect(
                gateway.postZip(zip("bomb.png", new byte[3 * 1024 * 1024]), "bomb.zip"), 400, "zip-bomb")));
        cases.put("missing API key", new Hostile("401 unauthorized",
                () -> expect(gateway.withKey(null).postImage(good, ""), 401, "unauthorized")));
        cases.put("wrong API key", new Hostile("401 unauthorized",
                () -> expect(gateway.withKey("not-a-key").postImage(good, ""), 401, "unauthorized")));
        cases.put("another tenant's id", new Hostile("404 unknown-recognition", () -> expect(
                gateway.withKey(apiKey + "-other").get("/api/v1/recognitions/" + foreignId), 404,
                "unknown-recognition")));
        cases.put("malformed JSON on the v2 endpoint", new Hostile("400 with a KServe error body",
                () -> expect(gateway.send(gateway.request("/v2/models/digit-cnn/infer")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\": [oops"))), 400, "\"error\"")));
        cases.put("garbage records straight into the requests topic", new Hostile("consumed without a crash or a"
                + " stuck partition", this::garbageRecords));
        // The outside probe's findings, each answered as documented now.
        cases.put("deep pixels through the gateway (4096x4096 16-bit RGBA, 130 KB, 128 MiB decoded)", new Hostile(
                "413 image-too-many-pixels, from the header alone", () -> expect(gateway.postImage(
                        HostileImages.deepRgbaPng(4096, 4096), ""), 413, "bytes decoded")));
        cases.put("two deep-pixel PNGs in one batch straight onto the requests topic", new Hostile("each answered"
                + " IMAGE_DIMENSIONS_TOO_LARGE, the good image between them read", this::deepPixelsOnKafka));
        cases.put("a batch file name with a newline (zip entry a\\nb.png)", new Hostile("400 invalid-file-name"
                + " naming the file, nothing queued", () -> expect(gateway.postZip(zip("a\nb.png", good), "nl.zip"),
                        400, "invalid-file-name")));
        cases.put("a batch file name that is a formula (=HYPERLINK(1).png)", new Hostile("400 invalid-file-name"
                + " naming the file, nothing queued", () -> expect(gateway.postZip(zip("=HYPERLINK(1).png", good),
                        "formula.zip"), 400, "invalid-file-name")));
        cases.put("a batch file name with a comma (a,b.png)", new Hostile("accepted; the CSV quotes the name",
                () -> commaInAFileName(good)));
        cases.put("a record straight onto the requests topic with another tenant's finished batch id",
                new Hostile("answered, but not counted into that batch nor written to its CSV",
                        () -> foreignRecordInAFinishedBatch(good)));
        cases.put("unknown model (?model=nosuch): one image, a batch, KServe infer", new Hostile("400"
                + " unknown-model naming what is served, for each, nothing queued", () -> firstFailure(
                        expect(gateway.postImage(good, "?model=nosuch"), 400, "unknown-model"),
                        expect(gateway.postZip(zip("one.png", good), "one.zip", "?model=nosuch"), 400,
                                "unknown-model"),
                        expect(gateway.send(gateway.request("/v2/models/nosuch/infer")
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers
                                        .ofString("{\"inputs\": []}"))), 400, "nosuch"))));
        cases.put("the OpenAPI document", new Hostile("every operation that takes a key declares it; the accepted"
                + " POSTs declare 202 (checked in full by OpenApiDocumentTest)", this::openApiDeclaresKeys));
        cases.put("the web page's first load", new Hostile("its stylesheet keeps hidden elements hidden (the page"
                + " is checked in Chromium by WebPageIT)", () -> expect(gateway.get("/app.css"), 200,
                        "[hidden] { display: none !important; }")));
        cases.put("the inference service's management API without a key", new Hostile("401 unauthorized",
                () -> expect(gateway.withKey(null).send(HttpRequest.newBuilder(inference.resolve(
                        "/api/v1/models/digit-detector/pin")).DELETE()), 401, "API key")));
        for (Map.Entry<String, Hostile> hostile : cases.entrySet()) {
            String outcome;
            try {
                outcome = hostile.getValue().check().run();
            } catch (Exception e) {
                outcome = "failed: " + e;
            }
            HttpResponse<String> next = gateway.postImage(good, "?wait=20s");
            boolean stillServing = next.statusCode() == 200 && GatewayClient.json(next).has("digits");
            if (outcome != null || !stillServing) {
                failures.add("hostile: " + hostile.getKey() + ": " + (outcome == null ? "" : outcome)
                        + (stillServing ? "" : "; the next good request got " + next.statusCode()));
            }
            rows.add(String.format("| hostile: %s | %s |", hostile.getKey(), outcome == null && stillServing
                    ? hostile.getValue().documented() + "; the next good request was answered"
                    : "**" + outcome + "**"));
            System.out.printf("hostile input %-50s %s%n", hostile.getKey(), outcome == null && stillServing ? "ok"
                    : "FAILED " + outcome);
        }
    }

    /** A hostile input, its documented answer, and the check that it got that answer. */
    private record Hostile(String documented, Check check) {
    }

    /** Null when the input was answered as documented, otherwise what went wrong. */
    private interface Check {
        String run() throws Exception;
    }

    private String garbageRecords() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(5);
            for (int i = 0; i < 50; i++) {
                byte[] value = new byte[random.nextInt(200)];
                random.nextBytes(value);
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.RECOGNITION_REQUESTS,
                        i % 3 == 0 ? null : ("garbage-" + i).getBytes(), value);
                if (i % 5 == 0) {
                    record.headers().add(RequestHeaders.ID, "../../not an id".getBytes());
                }
                if (i % 7 == 0) {
                    record.headers().add(RequestHeaders.SUBMITTED_AT, "yesterday".getBytes());
                }
                producer.send(record);
            }
            producer.flush();
        }
        return null; // the next good request through the gateway proves the service kept serving
    }

    private static String firstFailure(String... outcomes) {
        return Arrays.stream(outcomes).filter(Objects::nonNull).findFirst().orElse(null);
    }

    private String commaInAFileName(byte[] good) throws Exception {
        String batchId = upload(Map.of("a,b.png", good));
        awaitDone(batchId, 1);
        return expect(gateway.get("/api/v1/batches/" + batchId + "/submission.csv"), 200, "\"a,b.png\",");
    }

    /** A finished batch, then a record produced under its batch id: the batch must not count it. */
    private String foreignRecordInAFinishedBatch(byte[] good) throws Exception {
        String batchId = upload(Map.of("one.png", good, "two.png", good));
        awaitDone(batchId, 2);
        String intruder = "intruder-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(RecognitionRequestCodec.toRecord(Topics.RECOGNITION_REQUESTS, new RecognitionRequest(
                    intruder, good, "image/png", Instant.now(), null, batchId, "three.png", "other"))).get();
        }
        Thread.sleep(5000); // answered by now, and read back by the gateway
        HttpResponse<String> status = gateway.get("/api/v1/batches/" + batchId);
        HttpResponse<String> csv = gateway.get("/api/v1/batches/" + batchId + "/submission.csv");
        long rows = csv.body().lines().skip(1).filter(line -> !line.isBlank()).count();
        int done = GatewayClient.json(status).path("done").asInt();
        return done == 2 && rows == 2 ? null : "done " + done + " of 2, " + rows + " rows in the CSV";
    }

    private String openApiDeclaresKeys() throws Exception {
        JsonNode paths = GatewayClient.json(gateway.get("/q/openapi?format=json"))
                .path("paths");
        List<String> missing = new ArrayList<>();
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            boolean keyed = path.getKey().startsWith("/api/") || path.getKey().startsWith("/v2/");
            boolean open = path.getKey().startsWith("/v2/health") || path.getKey().endsWith("model-comparison");
            if (keyed && !open && operation.getValue().path("security").isEmpty()) {
                missing.add(operation.getKey().toUpperCase() + " " + path.getKey());
            }
        }));
        boolean accepted = paths.path("/api/v1/batches").path("post").path("responses").has("202");
        return missing.isEmpty() && accepted ? null : "no security declared on " + missing
                + (accepted ? "" : "; POST /api/v1/batches declares no 202");
    }

    /** Two deep-pixel PNGs and a good image between them, produced together so that one poll takes them all. */
    private String deepPixelsOnKafka() throws Exception {
        byte[] deep = HostileImages.deepRgbaPng(4096, 4096);
        byte[] good = SampleImages.generate(1, 45_000).values().iterator().next();
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                new ByteArraySerializer())) {
            for (byte[] image : List.of(deep, good, deep)) {
                String id = "deep-" + ids.size() + "-" + UUID.randomUUID();
                ids.add(id);
                producer.send(RecognitionRequestCodec.toRecord(Topics.RECOGNITION_REQUESTS, new RecognitionRequest(id,
                        image, "image/png", Instant.now(), null, null, null)));
            }
            producer.flush();
        }
        for (int i = 0; i < ids.size(); i++) {
            HttpResponse<String> response = awaitResult(ids.get(i), Duration.ofSeconds(60));
            String problem = i == 1 ? expect(response, 200, "\"digits\"")
                    : expectResultError(response, "IMAGE_DIMENSIONS_TOO_LARGE");
            if (problem != null) {
                return ids.get(i) + ": " + problem;
            }
        }
        return null;
    }

    /**
     * A result by id, polled until the gateway has it: a request produced straight onto Kafka is unknown to the
     * gateway (404) until its result is on the results topic.
     */
    private HttpResponse<String> awaitResult(String id, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> response;
        do {
            response = gateway.get("/api/v1/recognitions/" + id);
            if (response.statusCode() == 200) {
                return response;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        return response;
    }

    private String upload(Map<String, byte[]> images) throws Exception {
        HttpResponse<String> response = gateway.postBatch(images);
        if (response.statusCode() != 202) {
            throw new IllegalStateException("batch upload refused: " + response.statusCode() + " " + response.body());
        }
        return GatewayClient.json(response).path("id").asText();
    }

    private void awaitDone(String batchId, int atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> status = gateway.get("/api/v1/batches/" + batchId);
            if (status.statusCode() == 200 && GatewayClient.json(status).path("done").asInt() >= atLeast) {
                return;
            }
            Thread.sleep(200);
        }
    }

    private void checkBatch(String scenario, String batchId, Set<String> files) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> status = gateway.get("/api/v1/batches/" + batchId);
            if (status.statusCode() == 200 && GatewayClient.json(status).path("status").asText().equals("COMPLETE")) {
                break;
            }
            Thread.sleep(500);
        }
        HttpResponse<String> csv = gateway.get("/api/v1/batches/" + batchId + "/submission.csv?partial=true");
        Map<String, Integer> seen = new HashMap<>();
        csv.body().lines().skip(1).filter(line -> !line.isBlank())
                .forEach(line -> seen.merge(line.substring(0, line.indexOf(',')), 1, Integer::sum));
        int found = (int) files.stream().filter(seen::containsKey).count();
        int repeated = seen.values().stream().mapToInt(n -> n - 1).sum();
        record(scenario, files.size(), found, repeated);
    }

    private void record(String scenario, int acceptedHere, int answeredHere, int duplicatesHere) {
        accepted += acceptedHere;
        answered += answeredHere;
        lost += acceptedHere - answeredHere;
        duplicates += duplicatesHere;
        rows.add(String.format("| %s | accepted %d, answered %d, lost %d, duplicates in output %d |", scenario,
                acceptedHere, answeredHere, acceptedHere - answeredHere, duplicatesHere));
        System.out.printf("%s: accepted=%d answered=%d lost=%d duplicates_in_output=%d%n", scenario, acceptedHere,
                answeredHere, acceptedHere - answeredHere, duplicatesHere);
    }

    private static String expect(HttpResponse<String> response, int status, String fragment) {
        if (response.statusCode() != status || !response.body().contains(fragment)) {
            return "expected " + status + " with '" + fragment + "', got " + response.statusCode() + " "
                    + abbreviate(response.body());
        }
        return null;
    }

    private static String expectResultError(HttpResponse<String> response, String code) throws Exception {
        if (response.statusCode() != 200) {
            return "expected an error result, got " + response.statusCode() + " " + abbreviate(response.body());
        }
        RecognitionResult result = ContractJson.read(response.body(), RecognitionResult.class);
        if (result.succeeded() || !result.error().code().name().equals(code)) {
            return "expected error " + code + ", got " + abbreviate(response.body());
        }
        return null;
    }

    private static String abbreviate(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "…" : text;
    }

    /** The PNG with its first image-data chunk's contents overwritten: the header stays valid. */
    private static byte[] corrupt(byte[] png) {
        byte[] copy = png.clone();
        int idat = indexOf(copy, "IDAT".getBytes(StandardCharsets.US_ASCII));
        for (int i = idat + 4; i < Math.min(copy.length - 12, idat + 200); i++) {
            copy[i] = (byte) (i * 31);
        }
        return copy;
    }

    private HttpResponse<String> postJpeg(byte[] jpeg, String query) throws Exception {
        return gateway.send(gateway.request("/api/v1/recognitions" + query).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)));
    }

    /** Random pixels, so most of the file is scan data rather than header tables. */
    private static byte[] noisyJpeg() throws Exception {
        BufferedImage image = new BufferedImage(128, 64,
                BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", jpeg);
        return jpeg.toByteArray();
    }

    private static byte[] zip(String name, byte[] content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }

    private void writeReport(String summary) throws Exception {
        StringBuilder section = new StringBuilder(String.format("""
                ## Faults and hostile input

                Measured %s on %s, by `./streetdigits bench faults` (batches of %d generated images).

                | scenario | outcome |
                | --- | --- |
                """, LocalDate.now(), Machine.describe(), batchSize));
        rows.forEach(row -> section.append(row).append('\n'));
        section.append("\nScenarios answered otherwise than documented: ").append(failures.size())
                .append(".\n\n`").append(summary).append("`\n");
        MarkdownSections.replace(report, "Reliability", "faults", section.toString());
        System.out.println("wrote " + report);
    }
}
