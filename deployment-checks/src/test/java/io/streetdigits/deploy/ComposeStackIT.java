package io.streetdigits.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.RecognitionRequest;
import io.streetdigits.core.contract.RecognitionRequestCodec;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.core.contract.Topics;
import io.streetdigits.core.synthetic.HouseNumberGenerator;
import io.streetdigits.core.synthetic.SyntheticDataset;
import io.streetdigits.core.tianchi.LabelledImage;
import io.streetdigits.core.tianchi.TianchiLabels;
import io.streetdigits.kafka.broker.TopicRecorder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * The deployment for real: the images built from the project's own Dockerfiles (on a base made from Debian's
 * packages, with a Kafka image made from Maven Central's jars: no registry answers here), started as
 * docker-compose.yml with the CPU override, then used as a user would, through ports published on 127.0.0.1 only:
 * the samples through the gateway's HTTP API, one photo straight onto the requests topic, the inference container
 * SIGKILLed mid-batch and started again with nothing lost, and a one-epoch training in the trainer image whose
 * model the inference container then serves. Everything the test started or built is removed at the end (the base
 * image is kept: {@link ContainerImages#BASE}), also when it fails.
 */
class ComposeStackIT {

    private static final String API_KEY = "sd-dev-key"; // deploy/api-keys.properties, the compose default
    private static final Duration READY = Duration.ofMinutes(5);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private URI gateway;

    @Test
    void theComposeStackServesPhotosSurvivesAKilledInferenceContainerAndServesAModelItsTrainerMade()
            throws Exception {
        assertThat(DockerClientFactory.instance().isDockerAvailable()).as("a Docker engine answers (./streetdigits"
                + " test starts dockerd when none does)").isTrue();
        String project = "sdit" + UUID.randomUUID().toString().substring(0, 8);
        Path work = Files.createDirectories(Path.of("target", "compose-it", project)).toAbsolutePath();
        Path log = work.resolve("commands.log");
        Commands commands = new Commands(log, Map.of());
        int gatewayPort = freePort();
        int kafkaPort = freePort();
        Path data = work.resolve("data");
        SyntheticDataset.write(HouseNumberGenerator.plain(), data.resolve("mchar/train"),
                data.resolve("mchar/train.json"), 48, 300);
        SyntheticDataset.write(HouseNumberGenerator.plain(), data.resolve("mchar/val"),
                data.resolve("mchar/val.json"), 16, 900);
        gateway = URI.create("http://127.0.0.1:" + gatewayPort);

        ContainerImages images = new ContainerImages(commands, work);
        List<String> built = new ArrayList<>();
        Map<String, String> report = new LinkedHashMap<>();
        try {
            String base = images.base();
            built.add(images.kafka());
            for (String module : List.of("inference-service", "gateway-service", "trainer-service")) {
                built.add(images.service(module));
            }
            for (String image : built) {
                report.put("image " + image, String.format("%.0f MB", ContainerImages.size(image) / 1e6));
            }
            Map<String, String> environment = Map.of("STREETDIGITS_KAFKA_IMAGE", ContainerImages.KAFKA,
                    "STREETDIGITS_VOLUMES", project, "STREETDIGITS_BIND", "127.0.0.1",
                    "STREETDIGITS_GATEWAY_PORT", Integer.toString(gatewayPort),
                    "STREETDIGITS_KAFKA_PORT", Integer.toString(kafkaPort), "STREETDIGITS_PARTITIONS", "3",
                    "STREETDIGITS_DATA", data.toString());
            try (ComposeStack stack = new ComposeStack(project, environment, log)) {
                // docs/deploy.md, step 3: the bundled models into the models volume, owned by the services' user.
                commands.run(Duration.ofMinutes(2), "docker", "run", "--rm", "-v", project + "-models:/models",
                        "-v", Project.ROOT.resolve("models") + ":/bundled:ro", base, "sh", "-c",
                        "cp -r /bundled/. /models/ && chown -R 185 /models");
                long up = System.nanoTime();
                stack.up();
                awaitReady(gateway.resolve("/q/health/ready"));
                report.put("compose up to gateway ready", String.format("%.0f s", (System.nanoTime() - up) / 1e9));

                theSamplesReadThroughTheGatewayMatchTheirLabels();
                aPhotoStraightOntoTheRequestsTopicIsAnswered("localhost:" + kafkaPort);
                aKilledInferenceContainerStartedAgainLosesNothing(stack, report);
                aModelTrainedInTheTrainerImageIsServed(stack, report);
            }
            assertThat(leftBehind(project)).as("what the stack left behind").isEmpty();
        } finally {
            built.forEach(ContainerImages::remove);
            report.forEach((what, figure) -> System.out.println("container test: " + what + ": " + figure));
        }
    }

    private void theSamplesReadThroughTheGatewayMatchTheirLabels() throws Exception {
        Path samples = Project.ROOT.resolve("data/samples");
        Map<String, byte[]> images = new LinkedHashMap<>();
        Map<String, String> expected = new HashMap<>();
        for (LabelledImage label : TianchiLabels.read(samples.resolve("labels.json"))) {
            images.put(label.fileName(), Files.readAllBytes(samples.resolve("images").resolve(label.fileName())));
            expected.put(label.fileName(), label.code());
        }
        String batch = upload(images);
        assertThat(awaitComplete(batch, images.size())).isEqualTo(images.size());
        assertThat(csv(batch)).isEqualTo(expected);
    }

    private void aPhotoStraightOntoTheRequestsTopicIsAnswered(String bootstrap) throws Exception {
        String id = "compose-" + UUID.randomUUID();
        try (TopicRecorder results = new TopicRecorder(bootstrap, Topics.RECOGNITION_RESULTS);
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                        new ByteArraySerializer())) {
            producer.send(RecognitionRequestCodec.toRecord(Topics.RECOGNITION_REQUESTS, new RecognitionRequest(id,
                    png(7), "image/png", Instant.now(), null, null, null))).get();
            RecognitionResult result = ContractJson.read(TopicRecorder.text(results.awaitKey(id,
                    Duration.ofSeconds(90))), RecognitionResult.class);
            assertThat(result.succeeded()).as(String.valueOf(result.error())).isTrue();
            assertThat(result.pipeline()).isEqualTo("house-number");
        }
    }

    private void aKilledInferenceContainerStartedAgainLosesNothing(ComposeStack stack, Map<String, String> report)
            throws Exception {
        Map<String, byte[]> images = new LinkedHashMap<>();
        for (int i = 0; i < 400; i++) {
            images.put(String.format("killed-%03d.png", i), png(1_000 + i));
        }
        String batch = upload(images);
        awaitDone(batch, 15);
        String inference = stack.container("inference-cpu");
        var docker = DockerClientFactory.instance().client();
        docker.killContainerCmd(inference).withSignal("KILL").exec();
        int doneAtKill = status(batch).path("done").asInt();
        assertThat(doneAtKill).as("answered when the container was killed: mid-batch").isLessThan(images.size());
        long restarted = System.nanoTime();
        docker.startContainerCmd(inference).exec();
        assertThat(awaitComplete(batch, images.size())).isEqualTo(images.size());
        report.put("inference container SIGKILLed with " + doneAtKill + " of " + images.size() + " answered,"
                + " started again, batch complete", String.format("%.0f s", (System.nanoTime() - restarted) / 1e9));
        assertThat(csv(batch).keySet()).containsExactlyInAnyOrderElementsOf(images.keySet());
    }

    private void aModelTrainedInTheTrainerImageIsServed(ComposeStack stack, Map<String, String> report)
            throws Exception {
        long start = System.nanoTime();
        stack.train(Duration.ofMinutes(15), "--architecture", "digit-cnn", "--epochs", "1");
        report.put("one-epoch training in the trainer image", String.format("%.0f s",
                (System.nanoTime() - start) / 1e9));
        // Announced on model-events; the inference container opens the new version without a restart.
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        RecognitionResult result;
        do {
            HttpResponse<String> response = http.send(request("/api/v1/recognitions?model=digit-cnn&wait=30s")
                    .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(png(3)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            result = ContractJson.read(response.body(), RecognitionResult.class);
        } while (result.model().version() < 2 && System.nanoTime() < deadline && pause());
        assertThat(result.model().name()).isEqualTo("digit-cnn");
        assertThat(result.model().version()).as("the version the trainer published").isEqualTo(2);
    }

    private static boolean pause() throws InterruptedException {
        Thread.sleep(1000);
        return true;
    }

    /** Containers, networks and volumes of the project that are still there. */
    private static List<String> leftBehind(String project) {
        var docker = DockerClientFactory.instance().client();
        List<String> left = new ArrayList<>();
        docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("com.docker.compose.project", project)).exec()
                .forEach(container -> left.add("container " + String.join(",", container.getNames())));
        docker.listNetworksCmd().exec().stream().filter(network -> network.getName().startsWith(project))
                .forEach(network -> left.add("network " + network.getName()));
        var volumes = docker.listVolumesCmd().exec().getVolumes();
        if (volumes != null) {
            volumes.stream().filter(volume -> volume.getName().startsWith(project))
                    .forEach(volume -> left.add("volume " + volume.getName()));
        }
        return left;
    }

    private String upload(Map<String, byte[]> images) throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            for (Map.Entry<String, byte[]> image : images.entrySet()) {
                out.putNextEntry(new ZipEntry(image.getKey()));
                out.write(image.getValue());
                out.closeEntry();
            }
        }
        String boundary = "----compose" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"archive\"; filename=\"batch.zip\""
                + "\r\nContent-Type: application/zip\r\n\r\n").getBytes());
        body.write(zip.toByteArray());
        body.write(("\r\n--" + boundary + "--\r\n").getBytes());
        HttpResponse<String> response = http.send(request("/api/v1/batches")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response).path("id").asText();
    }

    private int awaitComplete(String batch, int total) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        JsonNode status;
        do {
            status = status(batch);
        } while (!status.path("status").asText().equals("COMPLETE") && System.nanoTime() < deadline && pause());
        assertThat(status.path("total").asInt()).isEqualTo(total);
        return status.path("done").asInt();
    }

    private void awaitDone(String batch, int atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (status(batch).path("done").asInt() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private JsonNode status(String batch) throws Exception {
        HttpResponse<String> response = http.send(request("/api/v1/batches/" + batch).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? json(response) : ContractJson.mapper().createObjectNode();
    }

    /** The batch's submission CSV as file name to code, each name once. */
    private Map<String, String> csv(String batch) throws Exception {
        HttpResponse<String> response = http.send(request("/api/v1/batches/" + batch + "/submission.csv").GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String[]> rows = response.body().lines().skip(1).filter(line -> !line.isBlank())
                .map(line -> line.split(",", 2)).toList();
        Map<String, String> codes = rows.stream().collect(Collectors.toMap(row -> row[0], row -> row[1]));
        assertThat(codes).as("every file once").hasSize(rows.size());
        return codes;
    }

    private void awaitReady(URI health) throws Exception {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError(health + " was not ready within " + READY);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(gateway.resolve(path)).header("X-API-Key", API_KEY)
                .timeout(Duration.ofSeconds(90));
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return ContractJson.mapper().readTree(response.body());
    }

    private static byte[] png(long seed) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(HouseNumberGenerator.plain().generate(seed, "x.png").image(), "png", png);
        return png.toByteArray();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
