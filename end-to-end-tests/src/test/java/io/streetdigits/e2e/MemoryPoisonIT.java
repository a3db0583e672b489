package io.streetdigits.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.DeadLetterHeaders;
import io.streetdigits.core.contract.ErrorCode;
import io.streetdigits.core.contract.RecognitionRequest;
import io.streetdigits.core.contract.RecognitionRequestCodec;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.core.contract.Topics;
import io.streetdigits.core.synthetic.HostileImages;
import io.streetdigits.core.synthetic.HouseNumberGenerator;
import io.streetdigits.kafka.broker.EmbeddedKafkaBroker;
import io.streetdigits.kafka.broker.TopicRecorder;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Images that exhaust the inference service's memory cannot stop it: the outside probe's 4096 x 4096 16-bit RGBA
 * PNG (130 KB, 128 MiB decoded), sent to a service whose operator raised the decoding limits (with the default
 * limits it is refused from its header, {@code RecognitionTest}).
 *
 * <p>With a heap that holds one such image but not two, a batch of two is retried image by image and the service
 * stays up. With a JVM that exits on out-of-memory (as a container's memory limit kills a process: a real crash,
 * not a simulated one), the record that killed it is quarantined after one restart, and what queued behind it is
 * answered.
 */
class MemoryPoisonIT {

    private static final int QUEUED_BEHIND = 20;
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aRecordThatKillsTheServiceIsQuarantinedAfterOneRestartAndEverythingElseIsAnswered() throws Exception {
        Path models = Path.of("..").toAbsolutePath().normalize().resolve("models");
        Path journal = Files.createDirectories(Path.of("target", "e2e-tmp", "crash-journal-" + UUID.randomUUID()))
                .toAbsolutePath();
        List<String> jvm = List.of("-Xmx192m", "-XX:+ExitOnOutOfMemoryError");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(3, List.of(Topics.RECOGNITION_REQUESTS, Topics.RECOGNITION_RESULTS,
                    Topics.DEAD_LETTERS, Topics.MODEL_EVENTS));
            List<String> config = List.of("kafka.bootstrap.servers=" + broker.bootstrapServers(),
                    "streetdigits.models.dir=" + models,
                    "streetdigits.image.max-decoded-bytes=1073741824",
                    "streetdigits.image.decoding-budget-bytes=1073741824",
                    "streetdigits.inference.crash-journal-dir=" + journal,
                    "streetdigits.inference.instance-id=crash-loop-it");
            try (TopicRecorder results = new TopicRecorder(broker.bootstrapServers(), Topics.RECOGNITION_RESULTS);
                    TopicRecorder deadLetters = new TopicRecorder(broker.bootstrapServers(), Topics.DEAD_LETTERS);
                    KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                            new StringSerializer(), new ByteArraySerializer())) {
                String poison = "poison-" + UUID.randomUUID();
                List<String> queued = new ArrayList<>();
                try (ServiceProcess first = ServiceProcess.start("inference-service", jvm, config,
                        "/q/health/ready")) {
                    send(producer, poison, HostileImages.deepRgbaPng(4096, 4096));
                    assertThat(first.exitsWithin(WAIT)).as("the poison killed the service").isTrue();
                    for (int i = 0; i < QUEUED_BEHIND; i++) {
                        String id = "behind-" + i + "-" + UUID.randomUUID();
                        queued.add(id);
                        send(producer, id, png(i));
                    }
                }
                long restarted = System.nanoTime();
                try (ServiceProcess second = ServiceProcess.start("inference-service", jvm, config,
                        "/q/health/ready")) {
                    double readyAfter = (System.nanoTime() - restarted) / 1e9;
                    RecognitionResult quarantined = result(results, poison);
                    assertThat(quarantined.error().code()).isEqualTo(ErrorCode.QUARANTINED);
                    assertThat(quarantined.error().message()).contains("being read alone when the inference"
                            + " service died");
                    assertThat(TopicRecorder.header(deadLetters.awaitKey(poison, WAIT), DeadLetterHeaders.CODE))
                            .isEqualTo("QUARANTINED");
                    for (String id : queued) {
                        assertThat(result(results, id).succeeded()).as(id).isTrue();
                    }
                    // Ready means able to work now: a request sent at once is answered within seconds.
                    String next = "next-" + UUID.randomUUID();
                    send(producer, next, png(99));
                    assertThat(result(results, next, Duration.ofSeconds(15)).succeeded()).isTrue();
                    assertThat(second.exitsWithin(Duration.ZERO)).as("still running").isFalse();
                    System.out.printf("crash loop: restarted instance ready after %.1f s%n", readyAfter);
                }
            }
        }
    }

    @Test
    void aBatchThatExhaustsTheHeapIsRetriedImageByImageAndTheServiceStaysUp() throws Exception {
        Path models = Path.of("..").toAbsolutePath().normalize().resolve("models");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(3, List.of(Topics.RECOGNITION_REQUESTS, Topics.RECOGNITION_RESULTS,
                    Topics.DEAD_LETTERS, Topics.MODEL_EVENTS));
            List<String> config = List.of("kafka.bootstrap.servers=" + broker.bootstrapServers(),
                    "streetdigits.models.dir=" + models,
                    "streetdigits.image.max-decoded-bytes=1073741824",
                    "streetdigits.image.decoding-budget-bytes=1073741824");
            try (TopicRecorder results = new TopicRecorder(broker.bootstrapServers(), Topics.RECOGNITION_RESULTS);
                    KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                            new StringSerializer(), new ByteArraySerializer());
                    ServiceProcess inference = ServiceProcess.start("inference-service", List.of("-Xmx256m"),
                            config, "/q/health/ready")) {
                byte[] deep = HostileImages.deepRgbaPng(4096, 4096);
                List<String> ids = new ArrayList<>();
                for (byte[] image : List.of(deep, png(1), deep)) {
                    String id = "heavy-" + ids.size() + "-" + UUID.randomUUID();
                    ids.add(id);
                    producer.send(RecognitionRequestCodec.toRecord(Topics.RECOGNITION_REQUESTS,
                            new RecognitionRequest(id, image, "image/png", Instant.now(), null, null, null)));
                }
                producer.flush();

                assertThat(result(results, ids.get(1)).succeeded()).as("the good image between them").isTrue();
                for (String id : List.of(ids.get(0), ids.get(2))) {
                    RecognitionResult heavy = result(results, id);
                    // Alone it fits, or it is refused by itself: either way it costs only its own answer.
                    assertThat(heavy.succeeded() || heavy.error().code() == ErrorCode.RESOURCES_EXHAUSTED)
                            .as(id + ": " + heavy.error()).isTrue();
                }
                assertThat(metric(inference, "streetdigits_inference_retried_alone_total")).isGreaterThan(1);
                String next = "after-" + UUID.randomUUID();
                send(producer, next, png(2));
                assertThat(result(results, next).succeeded()).isTrue();
                assertThat(inference.exitsWithin(Duration.ZERO)).as("still running").isFalse();
            }
        }
    }

    private static double metric(ServiceProcess service, String name) throws Exception {
        String page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(service.uri("/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return page.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static void send(KafkaProducer<String, byte[]> producer, String id, byte[] image) throws Exception {
        producer.send(RecognitionRequestCodec.toRecord(Topics.RECOGNITION_REQUESTS, new RecognitionRequest(id, image,
                "image/png", Instant.now(), null, null, null))).get();
    }

    private static RecognitionResult result(TopicRecorder results, String id) throws InterruptedException {
        return result(results, id, WAIT);
    }

    private static RecognitionResult result(TopicRecorder results, String id, Duration timeout)
            throws InterruptedException {
        return ContractJson.read(TopicRecorder.text(results.awaitKey(id, timeout)), RecognitionResult.class);
    }

    private static byte[] png(int seed) throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(HouseNumberGenerator.plain().generate(seed, "x.png").image(), "png", png);
        return png.toByteArray();
    }
}
