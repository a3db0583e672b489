package io.streetdigits.inference;

import static io.restassured.RestAssured.given;
import static io.streetdigits.core.synthetic.HostileImages.pngHeaderDeclaring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.DeadLetterHeaders;
import io.streetdigits.core.contract.DigitReading;
import io.streetdigits.core.contract.ErrorCode;
import io.streetdigits.core.contract.RecognitionRequest;
import io.streetdigits.core.contract.RecognitionRequestCodec;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.core.contract.RequestHeaders;
import io.streetdigits.core.contract.Topics;
import io.streetdigits.core.model.ModelRepository;
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
import java.util.List;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
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
    void answersAnImageWithDigitsPerPositionConfidencesModelAndTimings() throws Exception {
        String id = "img-" + UUID.randomUUID();
        submit(new RecognitionRequest(id, png("47"), "image/png", Instant.now(), null, "batch-1", "000047.png"));

        RecognitionResult result = awaitResult(id);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.digits()).matches("[0-9]{0,6}");
        assertThat(result.positions()).hasSize(result.digits().length()); // one per character read
        assertThat(result.confidence()).isBetween(0.0, 1.0);
        // The default: located, refined, read as a number, each character found again and read on its own.
        assertThat(result.model().name()).isEqualTo("character-reader");
        assertThat(result.locator().name()).isEqualTo("character-refiner");
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
    void photosLookedAtCloserOrNotSentTogetherEachGetTheirOwnChainsReading() throws Exception {
        // "305" peaks above the threshold; the small numbers below it, and a tile's reading wins for each. Sent
        // eight times over, so that batches mix them.
        List<byte[]> images = List.of(png("305"), smallNumberInAWideScene("27", 2),
                smallNumberInAWideScene("96", 8));
        List<DigitReading> byHand = new java.util.ArrayList<>();
        for (byte[] image : images) {
            byHand.add(ChainByHand.readCharacters(BundledModelRepository.root(), image, "character-reader",
                    closer()));
        }
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 8 * images.size(); i++) {
            ids.add("together-closer-" + i + "-" + UUID.randomUUID());
            producer.send(RecognitionRequestCodec.toRecord(Topics.RECOGNITION_REQUESTS, new RecognitionRequest(
                    ids.get(i), images.get(i % images.size()), "image/png", Instant.now(), null, null, null)));
        }
        producer.flush();

        for (int i = 0; i < ids.size(); i++) {
            RecognitionResult result = awaitResult(ids.get(i));
            DigitReading expected = byHand.get(i % images.size());
            assertThat(result.digits()).as("request %d", i).isEqualTo(expected.digits());
            assertThat(result.confidence()).as("request %d", i).isCloseTo(expected.confidence(), within(1e-5));
        }
    }

    @Test
    void aSmallNumberInAWidePhotoIsFoundByACloserLookAtItsTiles() throws Exception {
        byte[] image = smallNumberInAWideScene("27", 2);
        DigitReading firstLook = ChainByHand.readCharacters(BundledModelRepository.root(), image,
                "character-reader", new ChainByHand.Closer(0, 0.6));
        double closerLooks = metric("streetdigits_inference_closer_looks_total");
        String id = "closer-" + UUID.randomUUID();
        submit(new RecognitionRequest(id, image, "image/png", Instant.now(), null, null, null));

        RecognitionResult result = awaitResult(id);

        assertThat(firstLook.digits()).as("the whole photo alone misses the number").isNotEqualTo("27");
        assertThat(result.digits()).isEqualTo("27");
        DigitReading byHand = ChainByHand.readCharacters(BundledModelRepository.root(), image, "character-reader",
                closer());
        assertThat(result.digits()).isEqualTo(byHand.digits());
        assertThat(result.confidence()).isCloseTo(byHand.confidence(), within(1e-5));
        assertThat(metric("streetdigits_inference_closer_looks_total")).isEqualTo(closerLooks + 1);
        assertThat(metric("streetdigits_inference_closer_looks_kept_total")).isGreaterThanOrEqualTo(1);
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
    void aRequestMayNameAOneStageModel() throws Exception {
        String id = "one-stage-" + UUID.randomUUID();
        submit(new RecognitionRequest(id, png("305"), "image/png", Instant.now(), "digit-cnn", null, null));

        RecognitionResult result = awaitResult(id);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.digits()).matches("[0-9]{0,6}");
        assertThat(result.model().name()).isEqualTo("digit-cnn");
        assertThat(result.locator()).isNull();
    }

    @Test
    void aReaderWhoseLocatorIsMissingGetsModelNotFoundNamingTheLocator() throws Exception {
        publishCopy("digit-reader", "orphan-reader", card -> card.put("model", "no-such-locator"));
        String id = "orphan-" + UUID.randomUUID();
        submit(new RecognitionRequest(id, png("12"), "image/png", Instant.now(), "orphan-reader", null, null));

        RecognitionResult result = awaitResult(id);

        assertThat(result.error().code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
        assertThat(result.error().message()).contains("orphan-reader", "'no-such-locator'");
    }

    @Test
    void aReaderBehindARefinerReadsTheCropAroundTheBoxTheRefinerFoundInTheLocatorsCrop() throws Exception {
        // The bundled locator's network serves as the refiner too: what matters here is the chain's arithmetic.
        publishCopy("digit-locator", "chain-refiner", locator -> locator.put("model", "digit-locator")
                .put("margin", 0.5));
        publishCopy("digit-reader", "chain-reader", locator -> locator.put("model", "chain-refiner"));
        byte[] image = png("305");
        String id = "chain-" + UUID.randomUUID();
        submit(new RecognitionRequest(id, image, "image/png", Instant.now(), "chain-reader", null, null));

        RecognitionResult result = awaitResult(id);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.locator().name()).isEqualTo("chain-refiner");
        DigitReading expected = ChainByHand.read(BundledModelRepository.root(), image, "digit-locator",
                List.of(0.5), "chain-reader", closer());
        assertThat(result.digits()).isEqualTo(expected.digits());
        assertThat(result.confidence()).isCloseTo(expected.confidence(), within(1e-5));
    }

    @Test
    void theDefaultReadsEachCharacterInTheBoxItsCharacterRefinerFoundAroundItsCell() throws Exception {
        byte[] image = png("305");
        String id = "characters-" + UUID.randomUUID();
        submit(new RecognitionRequest(id, image, "image/png", Instant.now(), null, null, null));

        RecognitionResult result = awaitResult(id);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.model().name()).isEqualTo("character-reader");
        assertThat(result.locator().name()).isEqualTo("character-refiner");
        DigitReading expected = ChainByHand.readCharacters(BundledModelRepository.root(), image, "character-reader",
                closer());
        assertThat(result.digits()).isEqualTo(expected.digits()).isNotEmpty();
        assertThat(result.confidence()).isCloseTo(expected.confidence(), within(1e-5));
        assertThat(result.positions()).hasSize(result.digits().length());
    }

    @Test
    void aCharacterReaderBehindAReaderOfNumbersReadsEachCharacterInItsCellOfTheBox() throws Exception {
        publishCopy("character-reader", "split-characters", locator -> locator.put("model", "digit-reader"));
        byte[] image = png("305");
        String id = "split-" + UUID.randomUUID();
        submit(new RecognitionRequest(id, image, "image/png", Instant.now(), "split-characters", null, null));

        RecognitionResult result = awaitResult(id);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.locator().name()).isEqualTo("digit-reader");
        DigitReading expected = ChainByHand.readCharacters(BundledModelRepository.root(), image,
                "split-characters", closer());
        assertThat(result.digits()).isEqualTo(expected.digits()).isNotEmpty();
        assertThat(result.confidence()).isCloseTo(expected.confidence(), within(1e-5));
    }

    @Test
    void aCharacterReaderNeedsAReaderOfNumbersThatFindsABox() throws Exception {
        publishCopy("character-reader", "behind-locator", locator -> locator.put("model", "digit-locator"));
        publishCopy("character-reader", "behind-photos", locator -> locator.put("model", "digit-cnn"));
        String behindLocator = "behind-locator-" + UUID.randomUUID();
        String behindPhotos = "behind-photos-" + UUID.randomUUID();
        submit(new RecognitionRequest(behindLocator, png("12"), "image/png", Instant.now(), "behind-locator", null,
                null));
        submit(new RecognitionRequest(behindPhotos, png("12"), "image/png", Instant.now(), "behind-photos", null,
                null));

        RecognitionResult locator = awaitResult(behindLocator);
        RecognitionResult photos = awaitResult(behindPhotos);

        assertThat(locator.error().code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
        assertThat(locator.error().message()).contains("behind-locator/1", bundledLocator(),
                "does not read numbers");
        assertThat(photos.error().code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
        assertThat(photos.error().message()).contains("behind-photos/1", "digit-cnn/1", "reads whole photos");
    }

    @Test
    void aCharacterRefinerNeedsAReaderOfNumbersBeforeIt() throws Exception {
        publishCopy("character-refiner", "refiner-behind-locator", locator -> locator.put("model", "digit-locator"));
        publishCopy("character-reader", "behind-bad-refiner", locator -> locator.put("model",
                "refiner-behind-locator"));
        String id = "bad-refiner-" + UUID.randomUUID();
        submit(new RecognitionRequest(id, png("12"), "image/png", Instant.now(), "behind-bad-refiner", null, null));

        RecognitionResult result = awaitResult(id);

        assertThat(result.error().code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
        assertThat(result.error().message()).contains("character refiner refiner-behind-locator/1",
                bundledLocator(), "does not read numbers");
    }

    @Test
    void locatorsThatNameEachOtherGetModelNotFoundInsteadOfALoop() throws Exception {
        publishCopy("digit-locator", "loop-a", locator -> locator.put("model", "loop-b").put("margin", 0.5));
        publishCopy("digit-locator", "loop-b", locator -> locator.put("model", "loop-a").put("margin", 0.5));
        publishCopy("digit-reader", "loop-reader", locator -> locator.put("model", "loop-a"));
        String id = "loop-" + UUID.randomUUID();
        submit(new RecognitionRequest(id, png("12"), "image/png", Instant.now(), "loop-reader", null, null));

        RecognitionResult result = awaitResult(id);

        assertThat(result.error().code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
        assertThat(result.error().message()).contains("loop-reader", "chains more than 4 models");
    }

    @Test
    void aLocatorCannotBeAskedToReadAndTheErrorSaysSo() throws Exception {
        String id = "locator-" + UUID.randomUUID();
        submit(new RecognitionRequest(id, png("12"), "image/png", Instant.now(), "digit-locator", null, null));

        RecognitionResult result = awaitResult(id);

        assertThat(result.error().code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
        assertThat(result.error().message()).contains(bundledLocator(), "locates digits", "'character-reader'");
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
                .body(containsString("digit-reader/"))
                .body(containsString(bundledLocator() + " then digit-refiner/1"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("streetdigits_recognitions_total"));
    }

    /**
     * Publishes version 1 of {@code name}: the latest version of a bundled model under a new name, its card's
     * locator edited (created when the model has none).
     */
    private static void publishCopy(String bundled, String name, Consumer<ObjectNode> locator) throws Exception {
        Path from = new ModelRepository(BundledModelRepository.root()).latest(bundled).orElseThrow().directory();
        Path to = Files.createDirectories(BundledModelRepository.root().resolve(name).resolve("1"));
        Files.copy(from.resolve("model.onnx"), to.resolve("model.onnx"));
        ObjectNode card = (ObjectNode) ContractJson.mapper().readTree(from.resolve("model-card.json").toFile());
        card.put("name", name);
        locator.accept(card.has("locator") ? (ObjectNode) card.get("locator") : card.putObject("locator"));
        ContractJson.mapper().writeValue(to.resolve("model-card.json").toFile(), card);
    }

    private static void submit(RecognitionRequest request) throws Exception {
        producer.send(RecognitionRequestCodec.toRecord(Topics.RECOGNITION_REQUESTS, request)).get();
    }

    private static RecognitionResult awaitResult(String id) throws InterruptedException {
        return ContractJson.read(TopicRecorder.text(results.awaitKey(id, WAIT)), RecognitionResult.class);
    }

    /**
     * A generated number a quarter of the photo high in the bottom right corner of a wide scene: a gradient with a
     * dozen coloured blocks, the kind of photo where the whole-photo locator looks elsewhere.
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

    /** The service's closer-look settings, which the chain by hand follows too. */
    private static ChainByHand.Closer closer() {
        Config config = ConfigProvider.getConfig();
        return new ChainByHand.Closer(config.getValue("streetdigits.inference.closer-look.when-peak-at-most",
                Double.class), config.getValue("streetdigits.inference.closer-look.tile-share", Double.class));
    }

    /** The bundled locator the default reads behind, as results and errors name it ({@code digit-locator/5}). */
    private static String bundledLocator() throws IOException {
        return new ModelRepository(BundledModelRepository.BUNDLED).latest("digit-locator").orElseThrow().ref()
                .toString();
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
