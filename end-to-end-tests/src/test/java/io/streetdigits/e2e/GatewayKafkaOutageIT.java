package io.streetdigits.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetdigits.core.contract.Topics;
import io.streetdigits.kafka.broker.EmbeddedKafkaBroker;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway on a broker of its own that is stopped and started again: both readiness endpoints say
 * "not ready" and a submission gets its 503 within seconds while the broker is down, and everything works again
 * once it is back.
 */
class GatewayKafkaOutageIT {

    /** What "within seconds" means here: the gateway's Kafka bounds are 2 to 4 s. */
    private static final Duration PROMPT = Duration.ofSeconds(5);

    @Test
    void withTheBrokerDownReadinessAndSubmissionsAnswerWithinSecondsAndRecoverWhenItIsBack() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(1, List.of(Topics.RECOGNITION_REQUESTS, Topics.RECOGNITION_RESULTS, Topics.BATCHES,
                    Topics.MODEL_EVENTS));
            List<String> properties = new java.util.ArrayList<>(RunningSystem.gatewayPropertiesOn(
                    broker.bootstrapServers()));
            try (ServiceProcess gateway = ServiceProcess.start("gateway-service", properties)) {
                byte[] image = BatchIT.images(1, 11).values().iterator().next();
                assertThat(post(gateway, image).statusCode()).isEqualTo(202);
                assertThat(get(gateway, "/v2/health/ready").statusCode()).isEqualTo(200);

                broker.stopBroker();

                long stopped = System.nanoTime();
                awaitStatus(gateway, "/q/health/ready", 503, PROMPT);
                HttpResponse<String> ready = timed(() -> get(gateway, "/q/health/ready"));
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("\"status\": \"DOWN\"", "not reachable");
                HttpResponse<String> v2 = timed(() -> get(gateway, "/v2/health/ready"));
                assertThat(v2.statusCode()).as(v2.body()).isEqualTo(503);
                assertThat(v2.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/json"));
                assertThat(v2.body()).isEqualTo("{\"ready\":false}");
                HttpResponse<String> refused = timed(() -> post(gateway, image));
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
                assertThat(refused.body()).contains("/problems/kafka-unavailable", "nothing was queued");
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
                assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(PROMPT.multipliedBy(3));

                broker.restartBroker();

                awaitStatus(gateway, "/q/health/ready", 200, Duration.ofSeconds(60));
                assertThat(get(gateway, "/v2/health/ready").body()).isEqualTo("{\"ready\":true}");
                awaitStatus(gateway, null, 202, Duration.ofSeconds(30)); // a submission is accepted again
            }
        }
    }

    private interface Call {
        HttpResponse<String> send() throws Exception;
    }

    /** The call's answer, which must come within {@link #PROMPT}. */
    private static HttpResponse<String> timed(Call call) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = call.send();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("answered %d after %s: %s", response.statusCode(), took, response.body())
                .isLessThan(PROMPT);
        System.out.printf("%s %s: %d after %d ms%n", response.request().method(), response.request().uri().getPath(),
                response.statusCode(), took.toMillis());
        return response;
    }

    /** Repeats the call (a GET of {@code path}, or a submission when null) until it answers {@code status}. */
    private static void awaitStatus(ServiceProcess gateway, String path, int status, Duration timeout)
            throws Exception {
        byte[] image = BatchIT.images(1, 12).values().iterator().next();
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = timed(() -> path == null ? post(gateway, image) : get(gateway, path));
            if (last.statusCode() == status) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError((path == null ? "a submission" : path) + " did not answer " + status + " within "
                + timeout + "; last " + (last == null ? "nothing" : last.statusCode() + " " + last.body()));
    }

    private static HttpResponse<String> get(ServiceProcess gateway, String path) throws Exception {
        return RunningSystem.send(RunningSystem.request(gateway, path).build());
    }

    private static HttpResponse<String> post(ServiceProcess gateway, byte[] image) throws Exception {
        return RunningSystem.send(RunningSystem.request(gateway, "/api/v1/recognitions")
                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(image)).build());
    }
}
