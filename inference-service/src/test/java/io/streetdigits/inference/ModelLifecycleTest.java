package io.streetdigits.inference;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.ModelPublished;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.contract.RecognitionRequest;
import io.streetdigits.core.contract.RecognitionRequestCodec;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.core.contract.Topics;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.model.ModelVersion;
import io.streetdigits.kafka.broker.KafkaBrokerTestResource;
import io.streetdigits.kafka.broker.TopicRecorder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Model versions changing under a running service: a published version takes over while requests keep arriving,
 * and an operator pins (rolls back) and unpins. A model of its own, {@code lifecycle-cnn}, keeps this apart from
 * the other tests.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(BundledModelRepository.class)
class ModelLifecycleTest {

    /** The operator key application.properties gives the test profile. */
    private static final String OPERATOR_KEY = "ops-test-key";

    private static final String MODEL = "lifecycle-cnn";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aPublishedVersionTakesOverUnderLoadWithoutFailingOrDroppingARequest() throws Exception {
        ModelRepository repository = new ModelRepository(BundledModelRepository.root());
        ModelVersion bundled = repository.latest("digit-cnn").orElseThrow();
        ModelVersion first = repository.publish(bundled.onnxFile(), renamed(bundled.readCard(), MODEL));
        byte[] image = RecognitionTest.png("31");
        List<String> ids = new ArrayList<>();

        try (KafkaProducer<String, byte[]> requests = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerTestResource.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
                KafkaProducer<String, String> events = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerTestResource.bootstrapServers()),
                        new StringSerializer(), new StringSerializer());
                TopicRecorder results = new TopicRecorder(KafkaBrokerTestResource.bootstrapServers(),
                        Topics.RECOGNITION_RESULTS)) {
            ModelVersion second = null;
            for (int i = 0; i < 300; i++) {
                String id = "load-" + i + "-" + UUID.randomUUID();
                ids.add(id);
                requests.send(RecognitionRequestCodec.toRecord(Topics.RECOGNITION_REQUESTS,
                        new RecognitionRequest(id, image, "image/png", Instant.now(), MODEL, null, null)));
                if (i == 100) {
                    second = repository.publish(first.onnxFile(), first.readCard());
                    events.send(new ProducerRecord<>(Topics.MODEL_EVENTS, MODEL, ContractJson.write(
                            new ModelPublished(second.ref(), "digit-cnn", MODEL + "/" + second.ref().version(),
                                    Map.of(), Instant.now()))));
                }
                Thread.sleep(10);
            }

            List<RecognitionResult> answers = new ArrayList<>();
            for (String id : ids) {
                RecognitionResult result = ContractJson.read(TopicRecorder.text(results.awaitKey(id, WAIT)),
                        RecognitionResult.class);
                assertThat(result.succeeded()).as(id + ": " + result.error()).isTrue();
                answers.add(result);
            }
            // In the order they were answered: the old version first, then only the new one.
            List<ModelRef> servedBy = answers.stream()
                    .sorted(java.util.Comparator.comparing(RecognitionResult::completedAt))
                    .map(RecognitionResult::model).toList();
            assertThat(servedBy.get(0)).isEqualTo(first.ref());
            assertThat(servedBy.get(servedBy.size() - 1)).isEqualTo(second.ref());
            int switchedAt = servedBy.indexOf(second.ref());
            assertThat(servedBy.subList(switchedAt, servedBy.size())).containsOnly(second.ref());
            assertThat(results.records().stream().filter(r -> ids.contains(r.key())).count()).isEqualTo(ids.size());
        }
    }

    @Test
    void anOperatorPinsAnOlderVersionAndUnpinsToFollowTheLatestAgain() throws Exception {
        ModelRepository repository = new ModelRepository(BundledModelRepository.root());
        String name = "pinned-cnn";
        ModelVersion bundled = repository.latest("digit-cnn").orElseThrow();
        ModelCard renamed = renamed(bundled.readCard(), name);
        repository.publish(bundled.onnxFile(), renamed);
        repository.publish(bundled.onnxFile(), renamed);

        operator().when().get("/api/v1/models/" + name).then().statusCode(200)
                .body("available.size()", is(2)).body("pinned", nullValue());

        operator().contentType("application/json").body("{\"version\": 1}")
                .when().put("/api/v1/models/" + name + "/pin")
                .then().statusCode(200).body("serving", is(1)).body("pinned", is(1));
        assertThat(recognise(name).model()).isEqualTo(new ModelRef(name, 1));

        operator().when().delete("/api/v1/models/" + name + "/pin")
                .then().statusCode(200).body("serving", is(2)).body("pinned", nullValue());
        assertThat(recognise(name).model()).isEqualTo(new ModelRef(name, 2));

        operator().contentType("application/json").body("{\"version\": 9}")
                .when().put("/api/v1/models/" + name + "/pin")
                .then().statusCode(404).body("detail", is("model " + name + "/9 is not in the model repository "
                        + BundledModelRepository.root().toAbsolutePath().normalize()));
    }

    @Test
    void theManagementApiTakesOnlyTheOperatorsKeys() {
        // Found by an outside probe: anyone who reached the port could pin any version on every interface.
        given().contentType("application/json").body("{\"version\": 1}")
                .when().put("/api/v1/models/digit-cnn/pin")
                .then().statusCode(401).header("WWW-Authenticate", "ApiKey")
                .body("detail", is("send your API key as the header X-API-Key or as Authorization: Bearer <key>"));
        given().header("X-API-Key", "not-an-operator").when().delete("/api/v1/models/digit-cnn/pin")
                .then().statusCode(401);
        given().header("Authorization", "Bearer " + OPERATOR_KEY).when().get("/api/v1/models/digit-cnn")
                .then().statusCode(200);
        given().when().get("/q/health/live").then().statusCode(200);
    }

    private static RequestSpecification operator() {
        return given().header("X-API-Key", OPERATOR_KEY);
    }

    private static RecognitionResult recognise(String model) throws Exception {
        String id = "pin-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> requests = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerTestResource.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
                TopicRecorder results = new TopicRecorder(KafkaBrokerTestResource.bootstrapServers(),
                        Topics.RECOGNITION_RESULTS)) {
            requests.send(RecognitionRequestCodec.toRecord(Topics.RECOGNITION_REQUESTS, new RecognitionRequest(id,
                    RecognitionTest.png("7"), "image/png", Instant.now(), model, null, null))).get();
            return ContractJson.read(TopicRecorder.text(results.awaitKey(id, WAIT)), RecognitionResult.class);
        }
    }

    private static ModelCard renamed(ModelCard card, String name) {
        return card.withName(name).withVersion(0);
    }
}
