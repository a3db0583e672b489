package io.streetdigits.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.core.contract.Topics;
import io.streetdigits.core.synthetic.GeneratedImage;
import io.streetdigits.core.synthetic.HouseNumberGenerator;
import io.streetdigits.core.tianchi.SubmissionCsv;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Batches through the packaged gateway and inference service: a zip in, the competition CSV out, every file once
 * with the bundled model's own reading; and the same when the gateway that accepted the batch dies and another
 * one is started in its place.
 */
class BatchIT {

    private static RunningSystem system;
    private static ModelOracle oracle;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
        oracle = new ModelOracle(system.bundled);
    }

    @AfterAll
    static void stop() throws Exception {
        oracle.close();
    }

    @Test
    void aZipBecomesACompleteCsvWithEveryFileOnceAndItsResultsStream() throws Exception {
        Map<String, byte[]> images = images(40, 100);

        String batchId = upload(system.gateway, zip(images));
        awaitComplete(system.gateway, batchId, Duration.ofSeconds(120));

        assertCsvMatchesTheModel(system.gateway, batchId, images);
        HttpResponse<String> lines = RunningSystem.send(RunningSystem.request(system.gateway,
                "/api/v1/batches/" + batchId + "/results").header("Accept", "application/x-ndjson").build());
        assertThat(lines.body().lines().filter(line -> !line.isBlank())).hasSize(images.size());
    }

    @Test
    void aGatewayKilledMidBatchIsReplacedAndTheCsvIsStillCompleteWithEachFileOnce() throws Exception {
        Map<String, byte[]> images = images(150, 500);
        String batchId;
        try (ServiceProcess doomed = ServiceProcess.start("gateway-service", system.gatewayProperties())) {
            batchId = upload(doomed, zip(images));
            doomed.kill(); // while the inference service is still answering the batch
        }
        try (ServiceProcess replacement = ServiceProcess.start("gateway-service", system.gatewayProperties())) {
            awaitComplete(replacement, batchId, Duration.ofSeconds(180));
            assertCsvMatchesTheModel(replacement, batchId, images);
            // The other instance, running all along, answers for the batch too.
            assertCsvMatchesTheModel(system.gateway, batchId, images);
        }
    }

    @Test
    void aRestartedGatewayAnswersNoFalse404OrRunningWhileItCatchesUpAndAllOfItOnceReady() throws Exception {
        // History ahead of the batch on the results topic, so that a restarted gateway takes a while to reach it.
        fillResultsTopic(30_000);
        Map<String, byte[]> images = images(12, 700);
        String batchId;
        String singleId;
        ServiceProcess first = ServiceProcess.start("gateway-service", system.gatewayProperties());
        try {
            batchId = upload(first, zip(images));
            awaitComplete(first, batchId, Duration.ofSeconds(120));
            HttpResponse<String> single = RunningSystem.send(RunningSystem.request(first,
                    "/api/v1/recognitions?wait=30s").header("Content-Type", "image/png")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(images(1, 701).values().iterator().next())).build());
            assertThat(single.statusCode()).as(single.body()).isEqualTo(200);
            singleId = ContractJson.mapper().readTree(single.body()).path("id").asText();
        } finally {
            first.kill();
        }

        ServiceProcess restarted = ServiceProcess.launch("gateway-service", system.gatewayProperties());
        try {
            int notCaughtUp = 0;
            boolean ready = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!ready && System.nanoTime() < deadline) {
                HttpResponse<String> health;
                try {
                    health = RunningSystem.send(HttpRequest.newBuilder(restarted.uri("/q/health/ready")).build());
                } catch (java.io.IOException notListeningYet) {
                    Thread.sleep(100);
                    continue;
                }
                ready = health.statusCode() == 200;
                // Whatever the gateway answers, before it is ready or from the moment it is: the truth, or 503.
                for (String path : List.of("/api/v1/batches/" + batchId, "/api/v1/recognitions/" + singleId)) {
                    HttpResponse<String> answer = RunningSystem.send(RunningSystem.request(restarted, path).build());
                    if (answer.statusCode() == 503 && !ready) {
                        assertThat(answer.body()).contains("/problems/not-caught-up");
                        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
                        notCaughtUp++;
                        continue;
                    }
                    assertThat(answer.statusCode()).as("%s %s (ready: %s)", path, answer.body(), ready)
                            .isEqualTo(200);
                    JsonNode body = ContractJson.mapper().readTree(answer.body());
                    if (path.contains("/batches/")) {
                        assertThat(body.path("status").asText()).as(answer.body()).isEqualTo("COMPLETE");
                        assertThat(body.path("done").asInt()).isEqualTo(images.size());
                        assertThat(body.path("total").asInt()).isEqualTo(images.size());
                    } else {
                        assertThat(body.path("digits").asText()).isNotEmpty();
                    }
                }
            }
            assertThat(ready).as("the restarted gateway became ready").isTrue();
            assertCsvMatchesTheModel(restarted, batchId, images);
            System.out.printf("restarted gateway: %d lookups answered 503 not-caught-up before it was ready%n",
                    notCaughtUp);
        } finally {
            restarted.close();
        }
    }

    /** Results of nobody's requests, straight onto the results topic. */
    private static void fillResultsTopic(int count) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.broker.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20), new StringSerializer(), new StringSerializer())) {
            String prefix = "filler-" + UUID.randomUUID() + "-";
            for (int i = 0; i < count; i++) {
                RecognitionResult result = new RecognitionResult(prefix + i, "1", 0.5, List.of(), null, null,
                        List.of(), null, null, null, null, "nobody", Instant.now());
                producer.send(new ProducerRecord<>(Topics.RECOGNITION_RESULTS, result.id(),
                        ContractJson.write(result)));
            }
            producer.flush();
        }
    }

    private static void assertCsvMatchesTheModel(ServiceProcess gateway, String batchId, Map<String, byte[]> images)
            throws Exception {
        HttpResponse<String> csv = RunningSystem.send(RunningSystem.request(gateway,
                "/api/v1/batches/" + batchId + "/submission.csv").build());
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        assertThat(csv.body().lines().skip(1).map(line -> line.substring(0, line.indexOf(',')))).doesNotHaveDuplicates()
                .hasSize(images.size());
        Path file = Files.createTempFile("batch-", ".csv");
        Files.writeString(file, csv.body());
        Map<String, String> codes = SubmissionCsv.read(file);
        Files.delete(file);
        for (Map.Entry<String, byte[]> image : images.entrySet()) {
            assertThat(codes.get(image.getKey())).as(image.getKey()).isEqualTo(oracle.read(image.getValue()));
        }
    }

    static String upload(ServiceProcess gateway, byte[] zip) throws Exception {
        String boundary = "----streetdigits" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"archive\"; filename=\"batch.zip\""
                + "\r\nContent-Type: application/zip\r\n\r\n").getBytes());
        body.write(zip);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes());
        HttpResponse<String> response = RunningSystem.send(RunningSystem.request(gateway, "/api/v1/batches")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return ContractJson.mapper().readTree(response.body()).path("id").asText();
    }

    static void awaitComplete(ServiceProcess gateway, String batchId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode status = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = RunningSystem.send(RunningSystem.request(gateway,
                    "/api/v1/batches/" + batchId).build());
            if (response.statusCode() == 200) {
                status = ContractJson.mapper().readTree(response.body());
                if (status.path("status").asText().equals("COMPLETE")) {
                    assertThat(status.path("failed").asInt()).isZero();
                    return;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("batch " + batchId + " did not complete within " + timeout + ": " + status);
    }

    static Map<String, byte[]> images(int count, long seed) throws Exception {
        HouseNumberGenerator generator = HouseNumberGenerator.plain();
        Map<String, byte[]> images = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = String.format("%06d.png", i);
            GeneratedImage image = generator.generate(seed + i, name);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image.image(), "png", png);
            images.put(name, png.toByteArray());
        }
        return images;
    }

    static byte[] zip(Map<String, byte[]> images) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> image : images.entrySet()) {
                zip.putNextEntry(new ZipEntry("photos/" + image.getKey()));
                zip.write(image.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static List<String> names(Map<String, byte[]> images) {
        return List.copyOf(images.keySet());
    }
}
