package io.streetdigits.inference;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.ErrorCode;
import io.streetdigits.core.contract.ModelPublished;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.contract.RecognitionRequest;
import io.streetdigits.core.contract.RecognitionRequestCodec;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.core.contract.Topics;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.model.ModelVersion;
import io.streetdigits.core.synthetic.GeneratorSettings;
import io.streetdigits.core.synthetic.HouseNumberGenerator;
import io.streetdigits.kafka.broker.KafkaBrokerTestResource;
import io.streetdigits.kafka.broker.TopicRecorder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The inference service against a real Kafka broker and the real bundled model in ONNX Runtime. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(BundledModelRepository.class)
class InferenceServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static KafkaProducer<String, byte[]> producer;
    private static TopicRecorder results;

    @BeforeAll
    static void connect() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBrokerTestResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer());
        results = new TopicRecorder(KafkaBrokerTestResource.bootstrapServers(), Topics.RECOGNITION_RESULTS);
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        producer.close();
        results.close();
    }

    @Test
    void answersAnImageWithDigitsPerPositionConfidencesModelAndTimings() throws Exception {
        String id = "img-" + UUID.randomUUID();
        submit(new RecognitionRequest(id, png("47"), "image/png", Instant.now(), null, "batch-1", "000047.png"));

        RecognitionResult result = awaitResult(id);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.digits()).matches("[0-9]{0,6}");
        assertThat(result.positions()).hasSize(6);
        assertThat(result.confidence()).isBetween(0.0, 1.0);
        assertThat(result.model().name()).isEqualTo("digit-cnn");
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
    void emptyRecordValueIsAMalformedRequest() throws Exception {
        String key = "empty-" + UUID.randomUUID();
        producer.send(new ProducerRecord<>(Topics.RECOGNITION_REQUESTS, key, new byte[0])).get();

        assertThat(awaitResult(key).error().code()).isEqualTo(ErrorCode.MALFORMED_REQUEST);
    }

    @Test
    void aPublishedVersionServesWithoutARestart() throws Exception {
        ModelRepository repository = new ModelRepository(BundledModelRepository.root());
        ModelVersion current = repository.latest("digit-cnn").orElseThrow();
        ModelVersion next = repository.publish(current.onnxFile(), current.readCard());
        try (KafkaProducer<String, String> events = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerTestResource.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            events.send(new ProducerRecord<>(Topics.MODEL_EVENTS, "digit-cnn", ContractJson.write(
                    new ModelPublished(next.ref(), "digit-cnn", "digit-cnn/" + next.ref().version(), Map.of(),
                            Instant.now())))).get();
        }

        ModelRef served = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!next.ref().equals(served) && System.nanoTime() < deadline) {
            String id = "swap-" + UUID.randomUUID();
            submit(new RecognitionRequest(id, png("9"), "image/png", Instant.now(), null, null, null));
            served = awaitResult(id).model();
        }
        assertThat(served).isEqualTo(next.ref());
        assertThat(Files.exists(next.onnxFile())).isTrue();
    }

    @Test
    void readinessReportsTheServingModelAndMetricsCountResults() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", is("UP"))
                .body(containsString("digit-cnn/"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("streetdigits_recognitions_total"));
    }

    private static void submit(RecognitionRequest request) throws Exception {
        producer.send(RecognitionRequestCodec.toRecord(Topics.RECOGNITION_REQUESTS, request)).get();
    }

    private static RecognitionResult awaitResult(String id) throws InterruptedException {
        return ContractJson.read(TopicRecorder.text(results.awaitKey(id, WAIT)), RecognitionResult.class);
    }

    private static byte[] png(String digits) throws Exception {
        HouseNumberGenerator generator = new HouseNumberGenerator(GeneratorSettings.DEFAULT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(generator.generate(digits, 1, "x.png").image(), "png", out);
        return out.toByteArray();
    }
}
