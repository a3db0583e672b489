package io.streetdigits.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.core.contract.Topics;
import io.streetdigits.core.contract.TrainingJobEvent;
import io.streetdigits.core.image.ImageDecoder;
import io.streetdigits.core.image.ImageLimits;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.model.ModelVersion;
import io.streetdigits.core.pipeline.PipelineReader;
import io.streetdigits.core.pipeline.SessionPipeline;
import io.streetdigits.core.synthetic.HouseNumberGenerator;
import io.streetdigits.core.synthetic.SyntheticDataset;
import io.streetdigits.core.tianchi.LabelledImage;
import io.streetdigits.kafka.broker.EmbeddedKafkaBroker;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model zoo end to end: a trainer, an inference service and a gateway of their own (own model repository with
 * the bundled pipeline and its models, own topics on the shared broker) start first; then every zoo architecture is
 * trained by a job started over the trainer's REST API and followed by SSE as a classifier of characters, and each
 * new model answers photos by name through gateway, Kafka and the inference service, which picks the models up from
 * their model-published events without a restart, and reads behind the bundled detector as its card says. Every
 * answer must equal that pipeline's own answer in ONNX Runtime in this JVM. The models are tiny (one epoch on the
 * characters of 48 generated images): this proves the path, not accuracy.
 */
class ZooIT {

    private static final List<String> ZOO = List.of("knn", "softmax", "mlp", "lenet5", "alexnet", "vgg11",
            "vgg16", "googlenet", "resnet18");
    /** Each architecture's own settings, small, for a run of seconds. */
    private static final Map<String, String> SMALL = Map.of("knn", "\"knn-neighbours\": 3,",
            "mlp", "\"mlp-hidden\": \"32\",", "alexnet", "\"width\": 0.0625,", "vgg11", "\"width\": 0.0625,",
            "vgg16", "\"width\": 0.0625,", "googlenet", "\"width\": 0.0625,", "resnet18", "\"width\": 0.0625,");
    private static final String PREFIX = "zoo-";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static Path models;
    private static Path samples;
    private static List<LabelledImage> sampleLabels;
    private static ServiceProcess trainer;
    private static ServiceProcess inference;
    private static ServiceProcess gateway;

    @BeforeAll
    static void startASystemOfItsOwn() throws Exception {
        EmbeddedKafkaBroker broker = RunningSystem.get().broker;
        Map<String, String> topics = Map.of(
                "recognition-requests", Topics.RECOGNITION_REQUESTS, "recognition-results", Topics.RECOGNITION_RESULTS,
                "recognition-dead-letters", Topics.DEAD_LETTERS, "recognition-batches", Topics.BATCHES,
                "model-events", Topics.MODEL_EVENTS, "training-progress", Topics.TRAINING_PROGRESS);
        broker.createTopics(3, topics.values().stream().map(topic -> PREFIX + topic).toList());

        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "zoo-it-")
                .toAbsolutePath();
        models = work.resolve("models");
        for (String bundled : List.of("digit-cnn", "house-number", "digit-detector", "character-reader")) {
            copy(RunningSystem.ROOT.resolve("models").resolve(bundled), models.resolve(bundled));
        }
        Path data = work.resolve("data");
        HouseNumberGenerator generator = HouseNumberGenerator.plain();
        SyntheticDataset.write(generator, data.resolve("train"), data.resolve("train.json"), 48, 300);
        SyntheticDataset.write(generator, data.resolve("val"), data.resolve("val.json"), 16, 900);
        samples = work.resolve("samples");
        sampleLabels = SyntheticDataset.write(generator, samples, work.resolve("samples.json"), 3, 4_000);

        List<String> shared = List.of("kafka.bootstrap.servers=" + broker.bootstrapServers(),
                "streetdigits.models.dir=" + models, topic("model-events", topics));
        trainer = ServiceProcess.start("trainer-service", concat(shared, "streetdigits.training.data-dir=" + data,
                topic("training-progress", topics)));
        inference = ServiceProcess.start("inference-service", concat(shared,
                "streetdigits.inference.default-model=digit-cnn", topic("recognition-requests", topics),
                topic("recognition-results", topics), topic("recognition-dead-letters", topics)));
        gateway = ServiceProcess.start("gateway-service", concat(shared,
                "streetdigits.gateway.auth.tenants.acme.api-key=" + RunningSystem.ACME_KEY,
                topic("recognition-requests", topics), topic("recognition-results", topics),
                topic("recognition-batches", topics)));
    }

    /** The configuration of one of this system's own topics (each service accepts only the keys it knows). */
    private static String topic(String key, Map<String, String> topics) {
        return "streetdigits.topics." + key + "=" + PREFIX + topics.get(key);
    }

    @AfterAll
    static void stopIt() throws Exception {
        for (ServiceProcess service : new ServiceProcess[] {gateway, inference, trainer}) {
            if (service != null) {
                service.close();
            }
        }
    }

    @Test
    void everyZooModelTrainedOverRestAnswersPhotosByNameWithoutARestart() throws Exception {
        for (String architecture : ZOO) {
            List<TrainingJobEvent> events = trainOverRest(architecture);
            TrainingJobEvent last = events.get(events.size() - 1);
            assertThat(last.state()).as(architecture + ": " + last.error()).isEqualTo(TrainingJobEvent.SUCCEEDED);
            assertThat(last.published()).isEqualTo(new ModelRef("zoo-" + architecture, 1));
            assertThat(events).as(architecture + " reported its epoch's validation")
                    .anySatisfy(e -> assertThat(e.validation()).isNotEmpty());
        }

        ModelRepository repository = new ModelRepository(models);
        for (String architecture : ZOO) {
            ModelVersion version = repository.latest("zoo-" + architecture).orElseThrow();
            assertThat(version.readCard().runsBehind()).isEqualTo("house-number");
            try (SessionPipeline oracle = SessionPipeline.open(repository, "zoo-" + architecture,
                    file -> OrtEnvironment.getEnvironment().createSession(file.toString()))) {
                for (LabelledImage label : sampleLabels) {
                    byte[] image = Files.readAllBytes(samples.resolve(label.fileName()));
                    HttpResponse<String> response = HTTP.send(RunningSystem.request(gateway,
                                    "/api/v1/recognitions?wait=30s&model=zoo-" + architecture)
                            .header("Content-Type", "image/png")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(image)).build(),
                            HttpResponse.BodyHandlers.ofString());

                    assertThat(response.statusCode()).as(architecture + ": " + response.body()).isEqualTo(200);
                    RecognitionResult result = ContractJson.read(response.body(), RecognitionResult.class);
                    assertThat(result.pipeline()).isEqualTo("zoo-" + architecture);
                    assertThat(result.models()).as("the detector, twice, then the classifier")
                            .endsWith(version.ref()).hasSize(3);
                    assertThat(result.digits()).as(architecture).isEqualTo(read(oracle, image));
                }
            }
        }
    }

    /** Starts a job and reads its server-sent events until the stream ends. */
    private static List<TrainingJobEvent> trainOverRest(String architecture) throws Exception {
        String options = """
                {"architecture": "%s", "model-name": "zoo-%s", %s "epochs": 1, "batch-size": 16}""".formatted(
                architecture, architecture, SMALL.getOrDefault(architecture, ""));
        HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(trainer.uri("/api/v1/training/jobs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(options))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = ContractJson.read(started.body(), TrainingJobEvent.class).jobId();

        HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(
                        trainer.uri("/api/v1/training/jobs/" + id + "/events"))
                .header("Accept", "text/event-stream").timeout(Duration.ofMinutes(5)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        List<TrainingJobEvent> events = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data:")) {
                    events.add(ContractJson.read(line.substring(5).strip(), TrainingJobEvent.class));
                }
            }
        }
        assertThat(events).as(architecture + " events").isNotEmpty();
        return events;
    }

    /** What the pipeline reads of one photo in ONNX Runtime, in this JVM. */
    private static String read(SessionPipeline pipeline, byte[] encoded) throws Exception {
        PipelineReader reader = pipeline.reader();
        BufferedImage image = new ImageDecoder(ImageLimits.DEFAULT).decode(encoded, "oracle input");
        return reader.read(reader.input().toTensor(image), new BufferedImage[] {image}, 1).get(0).digits();
    }

    private static List<String> concat(List<String> shared, String... more) {
        List<String> all = new ArrayList<>(shared);
        all.addAll(List.of(more));
        return all;
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
