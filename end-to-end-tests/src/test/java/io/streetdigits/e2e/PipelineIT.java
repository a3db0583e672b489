package io.streetdigits.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.ErrorCode;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.core.contract.Topics;
import io.streetdigits.core.model.ModelVersion;
import io.streetdigits.core.synthetic.HouseNumberGenerator;
import io.streetdigits.core.synthetic.SyntheticDataset;
import io.streetdigits.core.tianchi.LabelledImage;
import io.streetdigits.core.tianchi.SubmissionCsv;
import io.streetdigits.kafka.broker.EmbeddedKafkaBroker;
import io.streetdigits.kafka.broker.TopicRecorder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole system as users run it: images go to the packaged gateway over HTTP (or straight onto Kafka with
 * kcat), through a real Kafka broker, to the packaged inference service running the bundled model in ONNX
 * Runtime, and the results come back. Every answer must equal the bundled model's own answer for that image.
 */
class PipelineIT {

    private static final Path ROOT = RunningSystem.ROOT;
    private static final int SAMPLES = 16;

    private static EmbeddedKafkaBroker broker;
    private static ServiceProcess gateway;
    private static ModelVersion bundled;
    private static ModelOracle oracle;
    private static Path samples;
    private static List<LabelledImage> labels;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startTheSystem() throws Exception {
        RunningSystem system = RunningSystem.get();
        broker = system.broker;
        gateway = system.gateway;
        bundled = system.bundled;
        oracle = new ModelOracle(bundled);

        samples = Files.createDirectories(Path.of("target", "e2e-samples", "images"));
        labels = SyntheticDataset.write(HouseNumberGenerator.plain(), samples,
                samples.resolveSibling("labels.json"), SAMPLES, 2026);
    }

    @AfterAll
    static void closeTheOracle() throws Exception {
        oracle.close();
    }

    @Test
    void everyImagePostedToTheGatewayGetsTheBundledModelsOwnAnswer() throws Exception {
        for (LabelledImage label : labels) {
            byte[] image = Files.readAllBytes(samples.resolve(label.fileName()));

            HttpResponse<String> response = HTTP.send(RunningSystem.request(gateway,
                            "/api/v1/recognitions?wait=30s&fileName=" + label.fileName())
                    .header("Content-Type", "image/png")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(image)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            RecognitionResult result = ContractJson.read(response.body(), RecognitionResult.class);
            assertThat(result.succeeded()).as(response.body()).isTrue();
            assertThat(result.digits()).isEqualTo(oracle.read(image));
            assertThat(result.pipeline()).isEqualTo("digit-cnn");
            assertThat(result.models()).containsExactly(bundled.ref());
            assertThat(result.model()).isEqualTo(bundled.ref());
            assertThat(result.fileName()).isEqualTo(label.fileName());
            assertThat(result.positions()).hasSize(6);
            assertThat(result.timings().totalMillis()).isPositive();

            HttpResponse<String> stored = HTTP.send(RunningSystem.request(gateway, "/api/v1/recognitions/"
                    + result.id()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ContractJson.read(stored.body(), RecognitionResult.class)).isEqualTo(result);
        }
    }

    @Test
    void theMainJobWritesTheCompetitionCsvWithEveryImageAnswered() throws Exception {
        Path csv = Path.of("target", "e2e-samples", "submission.csv");
        Path cli = ROOT.resolve("cli/target/streetdigits-cli.jar");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", cli.toString(), "recognize", "--images", samples.toString(), "--out", csv.toString(),
                "--gateway", gateway.uri("").toString(), "--api-key", RunningSystem.ACME_KEY)
                .redirectErrorStream(true).redirectOutput(Path.of("target", "e2e-logs", "recognize.log").toFile())
                .start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(Path.of("target", "e2e-logs", "recognize.log")))
                .isZero();

        Map<String, String> submission = SubmissionCsv.read(csv);
        assertThat(submission).hasSize(SAMPLES);
        for (LabelledImage label : labels) {
            assertThat(submission.get(label.fileName()))
                    .isEqualTo(oracle.read(Files.readAllBytes(samples.resolve(label.fileName()))));
        }
    }

    @Test
    void aBrokenImageIsAnsweredWithAnErrorAndTheNextImageStillWorks() throws Exception {
        byte[] png = Files.readAllBytes(samples.resolve(labels.get(0).fileName()));
        byte[] truncated = java.util.Arrays.copyOf(png, png.length / 2);

        RecognitionResult broken = post(truncated);
        RecognitionResult good = post(png);

        assertThat(broken.error().code()).isEqualTo(ErrorCode.IMAGE_UNDECODABLE);
        assertThat(good.digits()).isEqualTo(oracle.read(png));
    }

    @Test
    void kcatSubmitsRawImageBytesWithHeadersAndReadsTheJsonResult() throws Exception {
        String id = "kcat-" + UUID.randomUUID();
        Path image = samples.resolve(labels.get(1).fileName());
        Process kcat = new ProcessBuilder("kcat", "-P", "-b", broker.bootstrapServers(),
                "-t", Topics.RECOGNITION_REQUESTS, "-k", id, "-H", "file-name=" + labels.get(1).fileName(),
                "-H", "content-type=image/png", image.toString())
                .redirectErrorStream(true).start();
        assertThat(kcat.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(kcat.exitValue()).as(new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();

        try (TopicRecorder results = new TopicRecorder(broker.bootstrapServers(), Topics.RECOGNITION_RESULTS)) {
            RecognitionResult result = ContractJson.read(TopicRecorder.text(results.awaitKey(id,
                    Duration.ofSeconds(60))), RecognitionResult.class);
            assertThat(result.id()).isEqualTo(id);
            assertThat(result.fileName()).isEqualTo(labels.get(1).fileName());
            assertThat(result.digits()).isEqualTo(oracle.read(Files.readAllBytes(image)));
        }
    }

    private static RecognitionResult post(byte[] image) throws Exception {
        HttpResponse<String> response = HTTP.send(RunningSystem.request(gateway, "/api/v1/recognitions?wait="
                        + URLEncoder.encode("30s", StandardCharsets.UTF_8))
                .header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(image)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ContractJson.read(response.body(), RecognitionResult.class);
    }
}
