package io.streetdigits.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetdigits.core.contract.Topics;
import io.streetdigits.kafka.broker.EmbeddedKafkaBroker;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The inference service's readiness tells the truth, fast: with the broker gone it answers "not ready" within
 * seconds (an outside probe saw it take 60 s), naming what is down.
 */
class InferenceReadinessIT {

    @Test
    void withTheBrokerGoneReadinessSaysSoWithinSeconds() throws Exception {
        Path models = Path.of("..").toAbsolutePath().normalize().resolve("models");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        broker.createTopics(3, List.of(Topics.RECOGNITION_REQUESTS, Topics.RECOGNITION_RESULTS,
                Topics.DEAD_LETTERS, Topics.MODEL_EVENTS));
        try (ServiceProcess inference = ServiceProcess.start("inference-service", List.of(
                "kafka.bootstrap.servers=" + broker.bootstrapServers(), "streetdigits.models.dir=" + models))) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest ready = HttpRequest.newBuilder(inference.uri("/q/health/ready"))
                    .timeout(Duration.ofSeconds(30)).build();
            HttpResponse<String> up = http.send(ready, HttpResponse.BodyHandlers.ofString());
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).contains("requests-partitions", Topics.RECOGNITION_REQUESTS + "-");

            broker.close();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            HttpResponse<String> down;
            double slowest = 0;
            do {
                long asked = System.nanoTime();
                down = http.send(ready, HttpResponse.BodyHandlers.ofString());
                slowest = Math.max(slowest, (System.nanoTime() - asked) / 1e9);
                Thread.sleep(200);
            } while (down.statusCode() == 200 && System.nanoTime() < deadline);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"DOWN\"");
            assertThat(slowest).as("seconds the slowest readiness answer took").isLessThan(3);
        }
    }
}
