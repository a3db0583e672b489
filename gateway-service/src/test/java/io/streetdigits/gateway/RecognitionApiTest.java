package io.streetdigits.gateway;

import static io.restassured.RestAssured.given;
import static io.streetdigits.core.synthetic.HostileImages.pngHeaderDeclaring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.DigitReading;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.contract.PositionPrediction;
import io.streetdigits.core.contract.RecognitionRequest;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.core.contract.RequestHeaders;
import io.streetdigits.core.contract.Timings;
import io.streetdigits.core.contract.Topics;
import io.streetdigits.kafka.broker.KafkaBrokerTestResource;
import io.streetdigits.kafka.broker.TopicRecorder;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's HTTP API against a real Kafka broker. The test itself plays the inference service's part on the
 * topics (it reads the request record and writes a result record), so each side of the contract is checked.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class RecognitionApiTest {

    /** A 1x1 PNG. */
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static TopicRecorder requests;
    private static KafkaProducer<String, String> resultProducer;

    @BeforeAll
    static void connect() {
        RestAssured.filters(ApiKeys.DEFAULT);
        requests = new TopicRecorder(KafkaBrokerTestResource.bootstrapServers(), Topics.RECOGNITION_REQUESTS);
        resultProducer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBrokerTestResource.bootstrapServers()), new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        RestAssured.reset();
        requests.close();
        resultProducer.close();
    }

    @Test
    void anUnknownModelIsRefusedWith400NamingWhatIsServedAndNothingIsQueued() throws Exception {
        long start = System.currentTimeMillis();
        given().contentType("image/png").body(PNG).when().post("/api/v1/recognitions?model=nosuch&wait=5s")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", is("/problems/unknown-model"))
                .body("detail", containsString("model 'nosuch' is not served"))
                .body("detail", containsString("house-number")).body("detail", containsString("digit-cnn"));
        given().multiPart("image", "x.png", PNG, "image/png").when().post("/api/v1/recognitions?model=nosuch")
                .then().statusCode(400).body("type", is("/problems/unknown-model"));
        Thread.sleep(500);
        assertThat(requests.records()).noneMatch(r -> r.timestamp() >= start
                && "nosuch".equals(TopicRecorder.header(r, RequestHeaders.MODEL)));
    }

    @Test
    void rawImageIsPutOnKafkaInThePublicRecordFormatAndAcceptedWithItsId() throws Exception {
        Response response = given().contentType("image/png").body(PNG)
                .when().post("/api/v1/recognitions?fileName=000001.png&model=digit-cnn");

        response.then().statusCode(202)
                .header("Location", containsString("/api/v1/recognitions/"))
                .body("status", is("PENDING"));
        String id = response.path("id");
        ConsumerRecord<String, byte[]> record = requests.awaitKey(id, WAIT);
        assertThat(record.value()).isEqualTo(PNG);
        assertThat(header(record, RequestHeaders.ID)).isEqualTo(id);
        assertThat(header(record, RequestHeaders.FILE_NAME)).isEqualTo("000001.png");
        assertThat(header(record, RequestHeaders.CONTENT_TYPE)).isEqualTo("image/png");
        assertThat(header(record, RequestHeaders.MODEL)).isEqualTo("digit-cnn");
        assertThat(header(record, RequestHeaders.TENANT)).isEqualTo("acme");
        assertThat(Instant.parse(header(record, RequestHeaders.SUBMITTED_AT))).isBefore(Instant.now());
    }

    @Test
    void multipartUploadCarriesItsFileName() throws Exception {
        String id = given().multiPart("image", "house.png", PNG, "image/png")
                .when().post("/api/v1/recognitions")
                .then().statusCode(202).extract().path("id");

        assertThat(header(requests.awaitKey(id, WAIT), RequestHeaders.FILE_NAME)).isEqualTo("house.png");
    }

    @Test
    void resultFromTheResultsTopicIsReturnedByGet() throws Exception {
        String id = given().contentType("image/png").body(PNG).when().post("/api/v1/recognitions")
                .then().statusCode(202).extract().path("id");
        given().when().get("/api/v1/recognitions/" + id).then().statusCode(202).body("status", is("PENDING"));

        answer(id, "1934");

        given().when().get("/api/v1/recognitions/" + id + "?wait=10s").then().statusCode(200)
                .body("id", is(id))
                .body("digits", is("1934"))
                .body("positions.size()", is(2))
                .body("pipeline", is("house-number"))
                .body("models.name", contains("digit-detector", "character-reader"))
                .body("models.version", contains(1, 8))
                .body("model.name", is("character-reader"));
    }

    @Test
    void postWithWaitReturnsTheResultItselfWhenItArrivesInTime() throws Exception {
        Thread worker = new Thread(() -> {
            try {
                ConsumerRecord<String, byte[]> request = requests.await(
                        r -> "waited.png".equals(header(r, RequestHeaders.FILE_NAME)), WAIT);
                answer(request.key(), "77");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        worker.start();

        given().contentType("image/png").body(PNG)
                .when().post("/api/v1/recognitions?fileName=waited.png&wait=20s")
                .then().statusCode(200).body("digits", is("77"));
        worker.join();
    }

    @Test
    void unknownIdIsA404Problem() {
        given().when().get("/api/v1/recognitions/does-not-exist").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", is(404))
                .body("detail", containsString("'does-not-exist'"));
    }

    @Test
    void imageOverTheLimitIsA413ProblemNamingBothSizes() {
        given().contentType("image/png").body(new byte[4 * 1024 * 1024 + 1])
                .when().post("/api/v1/recognitions")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("detail", is("image the request body is 4,194,305 bytes; the limit is 4,194,304 bytes"));
    }

    @Test
    void imageDeclaringTooManyPixelsIsRefusedFromItsHeaderWith413() {
        given().contentType("image/png").body(pngHeaderDeclaring(50_000, 50_000))
                .when().post("/api/v1/recognitions?fileName=bomb.png")
                .then().statusCode(413)
                .body("type", is("/problems/image-too-many-pixels"))
                .body("detail", is("image bomb.png declares 50000x50000 = 2,500,000,000 pixels;"
                        + " the limit is 16,777,216 pixels"));
    }

    @Test
    void bytesThatAreNoImageAreRefusedWith415() {
        given().contentType("image/png").body("definitely not a png".getBytes())
                .when().post("/api/v1/recognitions")
                .then().statusCode(415).body("type", is("/problems/not-an-image"));
    }

    @Test
    void missingOrUnknownApiKeyIsA401Problem() {
        given().header("X-API-Key", "").contentType("image/png").body(PNG).when().post("/api/v1/recognitions")
                .then().statusCode(401).header("WWW-Authenticate", "ApiKey")
                .contentType("application/problem+json").body("detail", containsString("X-API-Key"));
        given().header("X-API-Key", "wrong").when().get("/api/v1/recognitions/x")
                .then().statusCode(401).body("detail", is("the API key is not known"));
    }

    @Test
    void aBearerTokenWorksLikeTheHeader() {
        given().header("X-API-Key", "").header("Authorization", "Bearer acme-test-key")
                .contentType("image/png").body(PNG).when().post("/api/v1/recognitions")
                .then().statusCode(202);
    }

    @Test
    void aTenantCannotReadAnotherTenantsResultButAnAdminCan() throws Exception {
        String id = given().contentType("image/png").body(PNG).when().post("/api/v1/recognitions")
                .then().statusCode(202).extract().path("id");
        answer(id, "5", "acme");

        given().when().get("/api/v1/recognitions/" + id + "?wait=10s").then().statusCode(200);
        given().header("X-API-Key", "globex-test-key").when().get("/api/v1/recognitions/" + id)
                .then().statusCode(404).body("detail", containsString("tenant globex"));
        given().header("X-API-Key", "ops-test-key").when().get("/api/v1/recognitions/" + id)
                .then().statusCode(200).body("digits", is("5"));
    }

    @Test
    void aBodyWithoutContentLengthIsRefusedBeforeItIsRead() throws Exception {
        // A chunked body: its size is unknown until it has been read into memory.
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + RestAssured.port
                                + "/api/v1/recognitions"))
                        .header("X-API-Key", ApiKeys.ACME).header("Content-Type", "image/png")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                                () -> new java.io.ByteArrayInputStream(PNG)))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(411);
        assertThat(response.body()).contains("/problems/length-required");
    }

    @Test
    void textIsRefusedWith415() {
        given().contentType("text/plain").body("hello").when().post("/api/v1/recognitions")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void invalidWaitIsA400ProblemNamingTheLimit() {
        given().contentType("image/png").body(PNG).when().post("/api/v1/recognitions?wait=forever")
                .then().statusCode(400)
                .body("detail", is("wait='forever' must be a duration from 0 to 60s, such as 500ms, 5s or PT5S"));
    }

    @Test
    void healthAndPrometheusMetricsAreServed() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
    }

    private static void answer(String id, String digits) throws Exception {
        answer(id, digits, "acme");
    }

    static void answer(String id, String digits, String tenant) throws Exception {
        RecognitionRequest request = new RecognitionRequest(id, PNG, "image/png", Instant.now(), null, null, null,
                tenant);
        List<PositionPrediction> positions = List.of(new PositionPrediction(0, 1, 0.9),
                new PositionPrediction(1, null, 0.8));
        RecognitionResult result = RecognitionResult.success(request, new DigitReading(digits, 0.72, positions),
                "house-number", List.of(new ModelRef("digit-detector", 1), new ModelRef("character-reader", 8)),
                new Timings(1, 1, 1, 3), Instant.now());
        resultProducer.send(new ProducerRecord<>(Topics.RECOGNITION_RESULTS, id, ContractJson.write(result))).get();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return TopicRecorder.header(record, name);
    }
}
