package io.streetdigits.inference;

import static io.restassured.RestAssured.given;
import static io.streetdigits.core.synthetic.HostileImages.pngHeaderDeclaring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.streetdigits.core.contract.DeadLetterHeaders;
import io.streetdigits.core.contract.DigitReading;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.ErrorCode;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.contract.RecognitionRequest;
import io.streetdigits.core.contract.RecognitionRequestCodec;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.core.contract.RequestHeaders;
import io.streetdigits.core.contract.Topics;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.synthetic.HostileImages;
import io.streetdigits.core.synthetic.HouseNumberGenerator;
import io.streetdigits.kafka.broker.KafkaBrokerTestResource;
import io.streetdigits.kafka.broker.TopicRecorder;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Recognition through the inference service, against a real Kafka broker and the bundled model in ONNX Runtime. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(BundledModelRepository.class)
class RecognitionTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static KafkaProducer<String, byte[]> producer;
    private static TopicRecorder results;
    private static TopicRecorder deadLetters;

    @BeforeAll
    static void connect() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBrokerTestResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer());
        results = new TopicRecorder(KafkaBrokerTestResource.bootstrapServers(), Topics.RECOGNITION_RESULTS);
        deadLetters = new TopicRecorder(KafkaBrokerTestResource.bootstrapServers(), Topics.DEAD_LETTERS);
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        producer.close();
        results.close();
        deadLetters.close();
    }

    @Test
    void answersAnImageWithDigitsPerPositionConfidencesPipelineModelsAndTimings() throws Exception {
        String id = "img-" + UUID.randomUUID();
        submit(new RecognitionRequest(id, png("47"), "image/png", Instant.now(), null, "batch-1", "000047.png"));

        RecognitionResult result = awaitResult(id);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.digits()).isEqualTo("47");
        assertThat(result.positions()).hasSize(result.digits().length()); // one per character read
        assertThat(result.confidence()).isBetween(0.0, 1.0);
        // The default: the declared pipeline, every model version that read named, the last one as the reader.
        assertThat(result.pipeline()).isEqualTo("house-number");
        assertThat(result.models()).extracting(ModelRef::name).isEqualTo(defaultModels());
        assertThat(result.model()).isEqualTo(result.models().get(result.models().size() - 1));
        assertThat(result.batchId()).isEqualTo("batch-1");
        assertThat(result.fileName()).isEqualTo("000047.png");
        assertThat(result.timings().inferenceMillis()).isPositive();
        assertThat(result.timings().totalMillis()).isGreaterThanOrEqualTo(result.timings().inferenceMillis());
    }

    @Test
    void aRawRecordWithOnlyAKeyIsAnsweredUnderThatKey() throws Exception {
        String key = "raw-" + UUID.randomUUID();
        producer.send(new ProducerRecord<>(Topics.RECOGNITION_REQUESTS, key, png("8"))).get();

        assertThat(awaitResult(key).succeeded()).isTrue();
    }

    @Test
    void poisonInputGetsAnErrorResultAndADeadLetterWithTheReasonAndTheOriginalRecord() throws Exception {
        String garbage = "garbage-" + UUID.randomUUID();
        String unknownModel = "no-model-" + UUID.randomUUID();
        byte[] junk = "not an image".getBytes(StandardCharsets.UTF_8);
        submit(new RecognitionRequest(garbage, junk, null, Instant.now(), null, null, "junk.bin"));
        submit(new RecognitionRequest(unknownModel, png("5"), "image/png", Instant.now(), "missing-model", null, null));

        ConsumerRecord<String, byte[]> first = deadLetters.awaitKey(garbage, WAIT);
        ConsumerRecord<String, byte[]> second = deadLetters.awaitKey(unknownModel, WAIT);

        assertThat(first.value()).isEqualTo(junk);
        assertThat(TopicRecorder.header(first, DeadLetterHeaders.CODE)).isEqualTo("IMAGE_UNDECODABLE");
        assertThat(TopicRecorder.header(first, DeadLetterHeaders.REASON)).contains(garbage);
        assertThat(TopicRecorder.header(first, DeadLetterHeaders.TOPIC)).isEqualTo(Topics.RECOGNITION_REQUESTS);
        assertThat(TopicRecorder.header(first, RequestHeaders.FILE_NAME)).isEqualTo("junk.bin");
        assertThat(TopicRecorder.header(second, DeadLetterHeaders.CODE)).isEqualTo("MODEL_NOT_FOUND");
        assertThat(awaitResult(garbage).error().code()).isEqualTo(ErrorCode.IMAGE_UNDECODABLE);
        assertThat(awaitResult(unknownModel).error().code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
    }

    @Test
    void hugeDeclaredDimensionsAreRefusedBeforeDecoding() throws Exception {
        String id = "bomb-" + UUID.randomUUID();
        submit(new RecognitionRequest(id, pngHeaderDeclaring(100_000, 100_000), "image/png", Instant.now(), null,
                null, null));

        RecognitionResult result = awaitResult(id);

        assertThat(result.error().code()).isEqualTo(ErrorCode.IMAGE_DIMENSIONS_TOO_LARGE);
        assertThat(result.error().message()).contains("100000x100000", "16,777,216 pixels");
    }

    @Test
    void theProbesPoisonBatchIsRefusedByDecodedSizeAndTheRestOfItAnswered() throws Exception {
        // Found by an outside probe: two 4096x4096 16-bit RGBA PNGs of 130 KB each, under every byte and pixel
        // limit, exhausted the heap together; the service stayed up answering nothing, and every restart met them.
        byte[] deep = HostileImages.deepRgbaPng(4096, 4096);
        byte[] good = png("42");
        List<String> ids = new java.util.ArrayList<>();
        for (byte[] image : List.of(good, deep, good, deep, good)) {
            String id = "deep-" + ids.size() + "-" + UUID.randomUUID();
            ids.add(id);
            producer.send(RecognitionRequestCodec.toRecord(Topics.RECOGNITION_REQUESTS, new RecognitionRequest(id,
                    image, "image/png", Instant.now(), null, null, null)));
        }
        producer.flush();

        for (int i = 0; i < ids.size(); i++) {
            RecognitionResult result = awaitResult(ids.get(i));
            if (i % 2 == 0) {
                assertThat(result.succeeded()).as(ids.get(i)).isTrue();
            } else {
                assertThat(result.error().code()).isEqualTo(ErrorCode.IMAGE_DIMENSIONS_TOO_LARGE);
                assertThat(result.error().message()).contains("4096x4096 pixels of 8 bytes = 134,217,728 bytes"
                        + " decoded; the limit is 67,108,864 bytes");
            }
        }
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void requestsArrivingTogetherAreRunAsOneBatchAndEachGetsItsOwnResult() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        byte[] image = png("42");
        for (int i = 0; i < 40; i++) {
            String id = "together-" + i + "-" + UUID.randomUUID();
            ids.add(id);
            producer.send(RecognitionRequestCodec.toRecord(Topics.RECOGNITION_REQUESTS, new RecognitionRequest(id,
                    image, "image/png", Instant.now(), null, null, null)));
        }
        producer.flush();

        List<RecognitionResult> answers = new java.util.ArrayList<>();
        for (String id : ids) {
            answers.add(awaitResult(id));
        }

        assertThat(answers).allMatch(RecognitionResult::succeeded);
        assertThat(answers).extracting(RecognitionResult::digits).containsOnly(answers.get(0).digits());
        assertThat(metric("streetdigits_inference_batch_size_max")).isGreaterThan(1);
    }

    @Test
    void photosSentTogetherEachGetTheReadingThePipelineGivesThemAlone() throws Exception {
        // Large and small numbers, sent eight times over so that batches mix them; each must read as it does alone.
        List<byte[]> images = List.of(png("305"), smallNumberInAWideScene("27", 2),
                smallNumberInAWideScene("96", 8));
        List<DigitReading> alone = new java.util.ArrayList<>();
        for (byte[] image : images) {
            alone.add(PipelineByHand.read(BundledModelRepository.root(), "house-number", image));
        }
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 8 * images.size(); i++) {
            ids.add("together-mixed-" + i + "-" + UUID.randomUUID());
            producer.send(RecognitionRequestCodec.toRecord(Topics.RECOGNITION_REQUESTS, new RecognitionRequest(
                    ids.get(i), images.get(i % images.size()), "image/png", Instant.now(), null, null, null)));
        }
        producer.flush();

        assertThat(alone.get(0).digits()).isEqualTo("305");
        for (int i = 0; i < ids.size(); i++) {
            RecognitionResult result = awaitResult(ids.get(i));
            DigitReading expected = alone.get(i % images.size());
            assertThat(result.digits()).as("request %d", i).isEqualTo(expected.digits());
            assertThat(result.confidence()).as("request %d", i).isCloseTo(expected.confidence(), within(1e-5));
        }
    }

    @Test
    void aPipelineReadsAsItsDeclarationSays() throws Exception {
        declare("detector-alone", "{\"description\": \"the detector's own digits\", \"steps\": [{\"model\":"
                + " \"digit-detector\", \"threshold\": 0.5}]}");
        byte[] image = png("305");
        String id = "declared-" + UUID.randomUUID();
        submit(new RecognitionRequest(id, image, "image/png", Instant.now(), "detector-alone", null, null));

        RecognitionResult result = awaitResult(id);

        assertThat(result.pipeline()).isEqualTo("detector-alone");
        assertThat(result.models()).extracting(ModelRef::name).containsExactly("digit-detector");
        DigitReading expected = PipelineByHand.read(BundledModelRepository.root(), "detector-alone", image);
        assertThat(result.digits()).isEqualTo(expected.digits());
        assertThat(result.confidence()).isCloseTo(expected.confidence(), within(1e-5));
    }

    @Test
    void aDeclarationWhoseModelsCannotRunAsDeclaredGetsModelNotFoundSayingWhy() throws Exception {
        declare("reader-first", "{\"description\": \"backwards\", \"steps\": [{\"model\": \"digit-cnn\"},"
                + " {\"model\": \"digit-detector\", \"threshold\": 0.5}]}");
        declare("missing-model", "{\"description\": \"names nothing served\", \"steps\": [{\"model\":"
                + " \"no-such-detector\", \"threshold\": 0.5}]}");
        declare("not-json", "steps: detector");
        String backwards = "backwards-" + UUID.randomUUID();
        String missing = "missing-" + UUID.randomUUID();
        String broken = "broken-" + UUID.randomUUID();
        submit(new RecognitionRequest(backwards, png("12"), "image/png", Instant.now(), "reader-first", null, null));
        submit(new RecognitionRequest(missing, png("12"), "image/png", Instant.now(), "missing-model", null, null));
        submit(new RecognitionRequest(broken, png("12"), "image/png", Instant.now(), "not-json", null, null));

        RecognitionResult first = awaitResult(backwards);
        RecognitionResult second = awaitResult(missing);
        RecognitionResult third = awaitResult(broken);

        assertThat(first.error().code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
        assertThat(first.error().message()).contains("pipeline reader-first", "first step", "digit-cnn/1");
        assertThat(second.error().code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
        assertThat(second.error().message()).contains("'no-such-detector'");
        assertThat(third.error().code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
        assertThat(third.error().message()).contains("pipeline not-json", "pipeline.json");
    }

    @Test
    void undecodableBytesGetAnErrorResultAndTheNextImageIsStillAnswered() throws Exception {
        String bad = "bad-" + UUID.randomUUID();
        String good = "good-" + UUID.randomUUID();
        submit(new RecognitionRequest(bad, "not an image".getBytes(StandardCharsets.UTF_8), null, Instant.now(),
                null, null, null));
        submit(new RecognitionRequest(good, png("305"), "image/png", Instant.now(), null, null, null));

        RecognitionResult error = awaitResult(bad);
        assertThat(error.error().code()).isEqualTo(ErrorCode.IMAGE_UNDECODABLE);
        assertThat(error.error().message()).contains(bad);
        assertThat(error.digits()).isNull();
        assertThat(awaitResult(good).succeeded()).isTrue();
    }

    @Test
    void unknownModelGetsModelNotFoundNamingIt() throws Exception {
        String id = "unknown-model-" + UUID.randomUUID();
        submit(new RecognitionRequest(id, png("12"), "image/png", Instant.now(), "no-such-model", null, null));

        RecognitionResult result = awaitResult(id);

        assertThat(result.error().code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
        assertThat(result.error().message()).contains("'no-such-model'");
    }

    @Test
    void aRequestMayNameAModelReadAlone() throws Exception {
        String id = "one-stage-" + UUID.randomUUID();
        submit(new RecognitionRequest(id, png("305"), "image/png", Instant.now(), "digit-cnn", null, null));

        RecognitionResult result = awaitResult(id);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.digits()).matches("[0-9]{0,6}");
        assertThat(result.pipeline()).isEqualTo("digit-cnn");
        assertThat(result.models()).containsExactly(result.model());
        assertThat(result.model().name()).isEqualTo("digit-cnn");
    }

    @Test
    void emptyRecordValueIsAMalformedRequest() throws Exception {
        String key = "empty-" + UUID.randomUUID();
        producer.send(new ProducerRecord<>(Topics.RECOGNITION_REQUESTS, key, new byte[0])).get();

        assertThat(awaitResult(key).error().code()).isEqualTo(ErrorCode.MALFORMED_REQUEST);
    }

    @Test
    void readinessReportsTheServingModelAndMetricsCountResults() throws IOException {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", is("UP"))
                .body(containsString("house-number"))
                .body(containsString(bundledVersions()))
                .body(containsString("requests-partitions"))
                .body(containsString(Topics.RECOGNITION_REQUESTS + "-"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("streetdigits_recognitions_total"));
    }

    /** Declares a pipeline in the test's model repository. */
    private static void declare(String name, String json) throws IOException {
        Path folder = Files.createDirectories(BundledModelRepository.root().resolve(name));
        Files.writeString(folder.resolve("pipeline.json"), json);
    }

    /** The models the bundled default pipeline declares, in order. */
    private static List<String> defaultModels() throws IOException {
        return new ModelRepository(BundledModelRepository.BUNDLED).pipeline("house-number").orElseThrow().models();
    }

    /** The serving versions of the default pipeline's models, as readiness names them. */
    private static String bundledVersions() throws IOException {
        ModelRepository repository = new ModelRepository(BundledModelRepository.BUNDLED);
        List<String> versions = new java.util.ArrayList<>();
        for (String model : defaultModels()) {
            versions.add(repository.latest(model).orElseThrow().ref().toString());
        }
        return String.join(" then ", versions);
    }

    private static void submit(RecognitionRequest request) throws Exception {
        producer.send(RecognitionRequestCodec.toRecord(Topics.RECOGNITION_REQUESTS, request)).get();
    }

    private static RecognitionResult awaitResult(String id) throws InterruptedException {
        return ContractJson.read(TopicRecorder.text(results.awaitKey(id, WAIT)), RecognitionResult.class);
    }

    /**
     * A generated number a quarter of the photo high in the bottom right corner of a wide scene: a gradient with a
     * dozen coloured blocks, the kind of photo a third of val is like.
     */
    static byte[] smallNumberInAWideScene(String digits, long seed) throws Exception {
        BufferedImage number = HouseNumberGenerator.plain().generate(digits, seed, "x.png")
                .image();
        int width = 320;
        int height = 160;
        BufferedImage scene = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = scene.createGraphics();
        graphics.setPaint(new GradientPaint(0, 0, new Color(120, 110, 100), width, height, new Color(70, 80, 90)));
        graphics.fillRect(0, 0, width, height);
        Random random = new Random(seed);
        for (int block = 0; block < 12; block++) {
            graphics.setColor(new Color(random.nextInt(200), random.nextInt(200), random.nextInt(200)));
            graphics.fillRect(random.nextInt(width), random.nextInt(height), 10 + random.nextInt(60),
                    4 + random.nextInt(30));
        }
        int numberHeight = height / 4;
        int numberWidth = number.getWidth() * numberHeight / number.getHeight();
        graphics.drawImage(number, width - numberWidth - 10, height - numberHeight - 8, numberWidth, numberHeight,
                null);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(scene, "png", out);
        return out.toByteArray();
    }

    /** The largest value of a metric's series on the service's Prometheus page (0 when it has none yet). */
    private static double metric(String name) {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .max().orElse(0);
    }

    static byte[] png(String digits) throws Exception {
        HouseNumberGenerator generator = HouseNumberGenerator.plain();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(generator.generate(digits, 1, "x.png").image(), "png", out);
        return out.toByteArray();
    }
}
