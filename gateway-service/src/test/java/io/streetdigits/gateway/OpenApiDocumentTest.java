package io.streetdigits.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.streetdigits.kafka.broker.KafkaBrokerTestResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document at /q/openapi describes the API as it behaves: the key on every operation that refuses a
 * call without one (and on no other), 202 where work is accepted to be done later, and a real schema for every
 * success and error body.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class OpenApiDocumentTest {

    /** Operations anyone may call: the health probes, and the model comparison the web page charts. */
    private static final Set<String> PUBLIC = Set.of("GET /v2/health/live", "GET /v2/health/ready",
            "GET /api/v1/model-comparison");

    /** Operations that accept work done after they answer. */
    private static final Set<String> ACCEPTED = Set.of("POST /api/v1/recognitions", "POST /api/v1/batches",
            "PUT /api/v1/models/{name}/pin", "DELETE /api/v1/models/{name}/pin");

    private static JsonNode document;

    /** One operation of the document: "METHOD /path" and its object. */
    private record Operation(String method, String path, JsonNode node) {
        String name() {
            return method + " " + path;
        }
    }

    @BeforeEach
    void fetch() throws Exception {
        document = new ObjectMapper().readTree(given().when().get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString());
    }

    @Test
    void everyOperationNeedingAKeyDeclaresItAndThePublicOnesDoNot() {
        assertThat(document.at("/components/securitySchemes/api-key/type").asText()).isEqualTo("apiKey");
        assertThat(document.at("/components/securitySchemes/api-key/in").asText()).isEqualTo("header");
        assertThat(document.at("/components/securitySchemes/api-key/name").asText()).isEqualTo("X-API-Key");
        assertThat(document.has("security")).as("no document-wide requirement: public operations have none").isFalse();
        List<String> names = operations().stream().map(Operation::name).toList();
        assertThat(names).containsAll(PUBLIC).containsAll(ACCEPTED);
        for (Operation operation : operations()) {
            JsonNode security = operation.node().path("security");
            if (PUBLIC.contains(operation.name())) {
                assertThat(security.isEmpty()).as(operation.name() + " security").isTrue();
            } else {
                assertThat(security.toString()).as(operation.name() + " security").isEqualTo("[{\"api-key\":[]}]");
                assertThat(problemSchema(operation, "401")).as(operation.name() + " 401").isEqualTo("Problem");
            }
        }
    }

    @Test
    void theKeyIsDeclaredExactlyWhereTheGatewayAsksForIt() {
        for (Operation operation : operations()) {
            RequestSpecification request = given().header("X-API-Key", "").urlEncodingEnabled(false);
            JsonNode body = operation.node().path("requestBody").path("content");
            if (!body.isEmpty()) {
                // A body the operation takes, so the call reaches the key check rather than a 415.
                String mediaType = body.fieldNames().next();
                request = mediaType.startsWith("multipart/")
                        ? request.contentType(mediaType + "; boundary=x").body("--x--\r\n".getBytes())
                        : request.contentType(mediaType).body("{}".getBytes());
            }
            String path = operation.path().replaceAll("\\{[^}]+}", "x");
            int status = request.when().request(operation.method(), path).statusCode();
            if (operation.node().has("security")) {
                assertThat(status).as(operation.name() + " without a key").isEqualTo(401);
            } else {
                assertThat(status).as(operation.name() + " without a key").isNotEqualTo(401);
            }
        }
    }

    @Test
    void asynchronousOperationsAnswer202AndEverySuccessAndErrorHasItsSchema() {
        for (Operation operation : operations()) {
            JsonNode responses = operation.node().path("responses");
            if (ACCEPTED.contains(operation.name())) {
                assertThat(responses.has("202")).as(operation.name() + " 202").isTrue();
            }
            responses.fieldNames().forEachRemaining(status -> {
                String what = operation.name() + " " + status;
                JsonNode response = resolve(responses.path(status));
                // The readiness probe answers 503 with its own body: not an error of the request.
                if (status.startsWith("2") || operation.path().startsWith("/v2/health/")) {
                    assertThat(response.path("content").isEmpty()).as(what + " content").isFalse();
                    response.path("content").forEach(media -> assertThat(resolve(media.path("schema")).isEmpty())
                            .as(what + " schema").isFalse());
                } else {
                    // The protocol's errors are its own; the key and length checks answer before it, as problems.
                    assertThat(problemSchema(operation, status)).as(what)
                            .isEqualTo(operation.path().startsWith("/v2/") && !Set.of("401", "411").contains(status)
                                    ? "InferenceError" : "Problem");
                }
            });
        }
        for (String path : List.of("/api/v1/recognitions", "/api/v1/batches")) {
            assertThat(document.path("paths").path(path).path("post").path("responses").path("202").path("headers")
                    .has("Location")).as("POST " + path + " 202 Location").isTrue();
        }
    }

    /** The name of the error schema the response of this status refers to. */
    private static String problemSchema(Operation operation, String status) {
        JsonNode content = resolve(operation.node().path("responses").path(status)).path("content");
        assertThat(content.size()).as(operation.name() + " " + status + " content").isEqualTo(1);
        JsonNode schema = content.elements().next().path("schema");
        assertThat(resolve(schema).path("properties").isEmpty()).as(operation.name() + " " + status).isFalse();
        return schema.path("$ref").asText().replace("#/components/schemas/", "");
    }

    /** A node, or the component its {@code $ref} names. */
    private static JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? document.at(node.get("$ref").asText().substring(1)) : node;
    }

    /** Every operation under /api and /v2. */
    private static List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> {
            if (path.getKey().startsWith("/api/") || path.getKey().startsWith("/v2/")) {
                path.getValue().fields().forEachRemaining(method -> {
                    if (Set.of("get", "put", "post", "delete", "patch").contains(method.getKey())) {
                        operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(),
                                method.getValue()));
                    }
                });
            }
        });
        return operations;
    }
}
