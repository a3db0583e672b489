package io.streetdigits.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.RecognitionRequest;
import io.streetdigits.core.contract.RecognitionRequestCodec;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.core.contract.Topics;
import io.streetdigits.core.synthetic.HouseNumberGenerator;
import io.streetdigits.kafka.broker.EmbeddedKafkaBroker;
import io.streetdigits.kafka.broker.TopicRecorder;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Two inference instances in one consumer group share the requests' partitions, and each request is answered once,
 * by the default pipeline.
 */
class ScaleOutIT {

    private static final int REQUESTS = 200;

    @Test
    void twoInstancesShareThePartitionsAndEveryRequestIsAnsweredOnce() throws Exception {
        Path models = Path.of("..").toAbsolutePath().normalize().resolve("models");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(4, List.of(Topics.RECOGNITION_REQUESTS, Topics.RECOGNITION_RESULTS,
                    Topics.DEAD_LETTERS, Topics.MODEL_EVENTS));
            List<String> config = List.of("kafka.bootstrap.servers=" + broker.bootstrapServers(),
                    "streetdigits.models.dir=" + models);
            try (ServiceProcess first = ServiceProcess.start("inference-service", config);
                    ServiceProcess second = ServiceProcess.start("inference-service", config);
                    TopicRecorder results = new TopicRecorder(broker.bootstrapServers(), Topics.RECOGNITION_RESULTS);
                    KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                            new StringSerializer(), new ByteArraySerializer())) {
                awaitBothMembersAssigned(broker.bootstrapServers());

                HouseNumberGenerator generator = HouseNumberGenerator.plain();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    String id = "scale-" + i;
                    ids.add(id);
                    ByteArrayOutputStream png = new ByteArrayOutputStream();
                    ImageIO.write(generator.generate(i, "x.png").image(), "png", png);
                    producer.send(RecognitionRequestCodec.toRecord(Topics.RECOGNITION_REQUESTS,
                            new RecognitionRequest(id, png.toByteArray(), "image/png", Instant.now(), null, null,
                                    null)));
                }
                producer.flush();

                for (String id : ids) {
                    RecognitionResult result = ContractJson.read(TopicRecorder.text(results.awaitKey(id,
                            Duration.ofSeconds(60))), RecognitionResult.class);
                    assertThat(result.succeeded()).as(id).isTrue();
                    assertThat(result.pipeline()).as(id).isEqualTo("house-number");
                    assertThat(result.models()).as(id).isNotEmpty();
                    assertThat(result.models().get(0).name()).as(id).isEqualTo("digit-detector");
                }
                Thread.sleep(1000); // a late duplicate would arrive now
                Map<String, Long> answersPerId = results.records().stream()
                        .collect(Collectors.groupingBy(r -> r.key(), Collectors.counting()));
                assertThat(answersPerId.keySet()).containsAll(ids);
                assertThat(answersPerId.values()).containsOnly(1L);
                double byFirst = answered(first);
                double bySecond = answered(second);
                assertThat(byFirst).isPositive();
                assertThat(bySecond).isPositive();
                assertThat(byFirst + bySecond).isEqualTo(REQUESTS);
            }
        }
    }

    /** Waits until the group has two members, each owning partitions of the requests topic. */
    private static void awaitBothMembersAssigned(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(Set.of("inference-service"))
                        .describedGroups().get("inference-service").get();
                long assigned = group.members().stream()
                        .filter(m -> m.assignment().topicPartitions().stream()
                                .anyMatch(p -> p.topic().equals(Topics.RECOGNITION_REQUESTS)))
                        .count();
                if (assigned == 2) {
                    return;
                }
                Thread.sleep(250);
            }
            throw new AssertionError("the two inference instances did not both get partitions within 60 s");
        }
    }

    /** The instance's count of successful recognitions, from its Prometheus metrics. */
    private static double answered(ServiceProcess instance) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(instance.uri("/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines()
                .filter(line -> line.startsWith("streetdigits_recognitions_total{") && line.contains("outcome=\"ok\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
