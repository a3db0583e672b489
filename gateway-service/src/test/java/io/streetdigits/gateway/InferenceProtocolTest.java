package io.streetdigits.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.streetdigits.core.contract.RequestHeaders;
import io.streetdigits.core.contract.Topics;
import io.streetdigits.kafka.broker.KafkaBrokerTestResource;
import io.streetdigits.kafka.broker.TopicRecorder;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Open Inference Protocol (KServe v2) endpoints against a real broker. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class InferenceProtocolTest {

    private static TopicRecorder requests;

    @BeforeAll
    static void connect() {
        RestAssured.filters(ApiKeys.DEFAULT);
        requests = new TopicRecorder(KafkaBrokerTestResource.bootstrapServers(), Topics.RECOGNITION_REQUESTS);
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        RestAssured.reset();
        requests.close();
    }

    @Test
    void healthNeedsNoKeyAndModelMetadataDescribesTheTensors() {
        given().header("X-API-Key", "").when().get("/v2/health/live").then().statusCode(200).body("live", is(true));
        given().header("X-API-Key", "").when().get("/v2/health/ready").then().statusCode(200);
        given().when().get("/v2/models/digit-cnn").then().statusCode(200)
                .body("name", is("digit-cnn"))
                .body("versions", contains("1"))
                .body("inputs[0].name", is("image")).body("inputs[0].datatype", is("BYTES"))
                .body("outputs.name", contains("digits", "confidence"));
        given().when().get("/v2/models/digit-cnn/ready").then().statusCode(200).body("ready", is(true));
    }

    /** A declared pipeline is served like a model, as Triton serves an ensemble: without versions of its own. */
    @Test
    void aPipelineIsDescribedAsAnEnsemble() {
        given().when().get("/v2/models/house-number").then().statusCode(200)
                .body("name", is("house-number"))
                .body("platform", is("ensemble"))
                .body("versions", empty())
                .body("outputs.name", contains("digits", "confidence"));
        given().when().get("/v2/models/house-number/ready").then().statusCode(200).body("ready", is(true));
    }

    @Test
    void unknownModelAndMalformedRequestsGetTheProtocolsErrorBody() {
        given().when().get("/v2/models/nope").then().statusCode(404)
                .body("error", is("no model named 'nope' is in the model repository"));
        given().contentType("application/json").body("{\"inputs\":[]}").when().post("/v2/models/nope/infer")
                .then().statusCode(400).contentType("application/json")
                .body("error", containsString("model 'nope' is not served"))
                .body("error", containsString("house-number")).body("error", containsString("digit-cnn"));
        given().contentType("application/json").body("{ this is not json").when()
                .post("/v2/models/digit-cnn/infer")
                .then().statusCode(400).body("error", containsString("not valid inference request JSON"));
        given().contentType("application/json")
                .body("{\"inputs\":[{\"name\":\"image\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1.0]}]}")
                .when().post("/v2/models/digit-cnn/infer")
                .then().statusCode(400).body("error", is("input 'image' must have datatype BYTES, was FP32"));
        given().contentType("application/json")
                .body("{\"inputs\":[{\"name\":\"image\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"!!!\"]}]}")
                .when().post("/v2/models/digit-cnn/infer")
                .then().statusCode(400).body("error", containsString("element 0 of input 'image' is not base64"));
    }

    @Test
    void inferSendsEachImageThroughKafkaAndReturnsDigitsAndConfidences() throws Exception {
        String image = Base64.getEncoder().encodeToString(BatchApiTest.png("58"));
        long start = System.currentTimeMillis();
        Set<String> answered = ConcurrentHashMap.newKeySet();
        Thread inference = new Thread(() -> {
            try (InferenceSide side = new InferenceSide()) {
                for (int i = 0; i < 2; i++) {
                    var record = requests.await(r -> r.timestamp() >= start && !answered.contains(r.key())
                            && "digit-cnn".equals(TopicRecorder.header(r, RequestHeaders.MODEL)),
                            Duration.ofSeconds(30));
                    answered.add(record.key());
                    side.answer(record, "58");
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        inference.start();

        given().contentType("application/json")
                .body("{\"id\":\"req-7\",\"inputs\":[{\"name\":\"image\",\"datatype\":\"BYTES\",\"shape\":[2],"
                        + "\"data\":[\"" + image + "\",\"" + image + "\"]}]}")
                .when().post("/v2/models/digit-cnn/infer")
                .then().statusCode(200)
                .body("model_name", is("digit-cnn")).body("model_version", is("1")).body("id", is("req-7"))
                .body("outputs[0].name", is("digits")).body("outputs[0].shape", contains(2))
                .body("outputs[0].data", contains("58", "58"))
                .body("outputs[1].name", is("confidence")).body("outputs[1].datatype", is("FP32"));
        inference.join();
    }
}
