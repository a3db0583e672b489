package io.streetdigits.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streetdigits.core.contract.ContractJson;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway's protocols and hard limits with the real inference service behind it: the Open Inference Protocol,
 * backpressure (429 with Retry-After) and Kafka being down (503, nothing accepted).
 */
class GatewayIT {

    @Test
    void theOpenInferenceProtocolReadsImagesWithTheBundledModel() throws Exception {
        RunningSystem system = RunningSystem.get();
        Map<String, byte[]> images = BatchIT.images(3, 900);
        List<byte[]> bytes = List.copyOf(images.values());
        StringBuilder data = new StringBuilder();
        for (byte[] image : bytes) {
            data.append(data.length() == 0 ? "" : ",").append('"').append(Base64.getEncoder().encodeToString(image))
                    .append('"');
        }
        String body = "{\"id\":\"v2-1\",\"inputs\":[{\"name\":\"image\",\"datatype\":\"BYTES\",\"shape\":["
                + bytes.size() + "],\"data\":[" + data + "]}]}";

        HttpResponse<String> response = RunningSystem.send(RunningSystem.request(system.gateway,
                "/v2/models/digit-cnn/infer").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = ContractJson.mapper().readTree(response.body());
        assertThat(answer.path("model_version").asText()).isEqualTo(
                Integer.toString(system.bundled.ref().version()));
        try (ModelOracle oracle = new ModelOracle(system.bundled)) {
            for (int i = 0; i < bytes.size(); i++) {
                assertThat(answer.path("outputs").path(0).path("data").path(i).asText())
                        .isEqualTo(oracle.read(bytes.get(i)));
            }
        }
    }

    @Test
    void pastTheInFlightBoundNewRequestsGet429WithRetryAfter() throws Exception {
        RunningSystem system = RunningSystem.get();
        // Requests go to a topic no inference service reads, so they stay in flight.
        try (ServiceProcess gateway = ServiceProcess.start("gateway-service", system.gatewayProperties(
                "streetdigits.gateway.max-in-flight=2",
                "streetdigits.topics.recognition-requests=unanswered-requests"))) {
            byte[] image = BatchIT.images(1, 7).values().iterator().next();
            assertThat(post(gateway, image).statusCode()).isEqualTo(202);
            assertThat(post(gateway, image).statusCode()).isEqualTo(202);

            HttpResponse<String> refused = post(gateway, image);

            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).contains("1");
            assertThat(refused.body()).contains("/problems/too-many-in-flight");
        }
    }

    @Test
    void withKafkaDownASubmissionGets503AndNothingIsAccepted() throws Exception {
        RunningSystem system = RunningSystem.get();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        List<String> properties = new java.util.ArrayList<>(system.gatewayProperties());
        properties.set(0, "kafka.bootstrap.servers=127.0.0.1:" + closedPort);
        try (ServiceProcess gateway = ServiceProcess.start("gateway-service", properties, "/q/health/live")) {
            byte[] image = BatchIT.images(1, 8).values().iterator().next();

            HttpResponse<String> response = post(gateway, image);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(response.body()).contains("/problems/kafka-unavailable", "nothing was queued");
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
        }
    }

    private static HttpResponse<String> post(ServiceProcess gateway, byte[] image) throws Exception {
        return RunningSystem.send(RunningSystem.request(gateway, "/api/v1/recognitions")
                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(image)).build());
    }
}
