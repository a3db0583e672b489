package io.streetdigits.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.ModelEventHeaders;
import io.streetdigits.core.contract.ModelPinned;
import io.streetdigits.core.contract.Topics;
import io.streetdigits.kafka.broker.KafkaBrokerTestResource;
import io.streetdigits.kafka.broker.TopicRecorder;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Model listing for every tenant; pinning for admins only, announced to every inference instance. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class ModelAdminTest {

    @BeforeAll
    static void connect() {
        RestAssured.filters(ApiKeys.DEFAULT);
    }

    @AfterAll
    static void disconnect() {
        RestAssured.reset();
    }

    @Test
    void anyTenantListsTheModelsAndPipelines() {
        given().when().get("/api/v1/models").then().statusCode(200)
                .body("name", hasItem("digit-cnn"))
                .body("find { it.name == 'digit-cnn' }.latest.architecture", is("digit-cnn"))
                .body("find { it.name == 'house-number' }.pipeline.steps[0].model", is("digit-detector"));
    }

    @Test
    void onlyAnAdminPinsAndThePinGoesToEveryInferenceInstanceOnTheModelEventsTopic() throws Exception {
        given().contentType("application/json").body("{\"version\": 1}")
                .when().put("/api/v1/models/digit-cnn/pin")
                .then().statusCode(403).body("detail", containsString("tenant acme may not manage models"));
        given().header("X-API-Key", ApiKeys.OPS_ADMIN).contentType("application/json").body("{\"version\": 7}")
                .when().put("/api/v1/models/digit-cnn/pin")
                .then().statusCode(400).body("detail", containsString("has versions [1]"));
        given().header("X-API-Key", ApiKeys.OPS_ADMIN).contentType("application/json").body("{\"version\": 1}")
                .when().put("/api/v1/models/house-number/pin")
                .then().statusCode(400).body("detail", containsString("pipeline house-number is declared, not"
                        + " versioned: pin one of its models [digit-detector"));

        given().header("X-API-Key", ApiKeys.OPS_ADMIN).contentType("application/json").body("{\"version\": 1}")
                .when().put("/api/v1/models/digit-cnn/pin")
                .then().statusCode(202).body("model", is("digit-cnn")).body("version", is(1));

        try (TopicRecorder events = new TopicRecorder(KafkaBrokerTestResource.bootstrapServers(),
                Topics.MODEL_EVENTS)) {
            var record = events.await(r -> ModelEventHeaders.PINNED.equals(
                    TopicRecorder.header(r, ModelEventHeaders.EVENT_TYPE)), Duration.ofSeconds(30));
            ModelPinned pinned = ContractJson.read(TopicRecorder.text(record), ModelPinned.class);
            assertThat(pinned.model()).isEqualTo("digit-cnn");
            assertThat(pinned.version()).isEqualTo(1);
        }
    }
}
