package io.streetdigits.trainer.jobs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.contract.ModelPublished;
import io.streetdigits.core.contract.Topics;
import io.streetdigits.core.contract.TrainingJobEvent;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.kafka.broker.KafkaBrokerTestResource;
import io.streetdigits.kafka.broker.TopicRecorder;
import io.streetdigits.trainer.UntrainedModels;
import io.streetdigits.trainer.GeneratedDataset;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Jobs over REST on generated images, with a real broker: train, join published readers into an ensemble, follow by
 * SSE, publish, cancel, refuse, and list an earlier run's jobs again from a progress topic made to keep them.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(GeneratedDataset.class)
class TrainingJobResourceTest {

    @TestHTTPResource("/api/v1/training/jobs")
    URL jobs;

    @Inject
    TrainingJobs trainingJobs;

    @Test
    void aJobStartedOverRestReportsLiveProgressThenPublishesAndAnnouncesItsModel() throws Exception {
        try (TopicRecorder progress = new TopicRecorder(KafkaBrokerTestResource.bootstrapServers(),
                Topics.TRAINING_PROGRESS);
                TopicRecorder modelEvents = new TopicRecorder(KafkaBrokerTestResource.bootstrapServers(),
                        Topics.MODEL_EVENTS)) {
            TrainingJobEvent queued = ContractJson.read(given().contentType("application/json")
                    .body("""
                            {"architecture": "lenet5", "model-name": "rest-lenet5", "epochs": 3, "batch-size": 16,
                             "input-height": 32, "input-width": 64, "learning-rate": 0.002}""")
                    .post(jobs).then().statusCode(202)
                    .header("Location", containsString("/api/v1/training/jobs/"))
                    .extract().asString(), TrainingJobEvent.class);
            assertThat(queued.state()).isIn(TrainingJobEvent.QUEUED, TrainingJobEvent.RUNNING);
            assertThat(queued.model()).isEqualTo("rest-lenet5");

            List<TrainingJobEvent> events = follow(queued.jobId());

            TrainingJobEvent last = events.get(events.size() - 1);
            assertThat(last.state()).isEqualTo(TrainingJobEvent.SUCCEEDED);
            assertThat(last.published().name()).isEqualTo("rest-lenet5");
            assertThat(events).anySatisfy(e -> {
                assertThat(e.state()).isEqualTo(TrainingJobEvent.RUNNING);
                assertThat(e.epoch()).isEqualTo(3);
                assertThat(e.validation()).containsKey(ModelCard.VAL_WHOLE_STRING_ACCURACY);
                assertThat(e.etaSeconds()).isNotNull();
            });
            given().get(jobs + "/" + queued.jobId()).then().statusCode(200)
                    .body("state", equalTo("SUCCEEDED")).body("published.version", equalTo(last.published().version()));
            assertThat(given().get(jobs).then().statusCode(200).extract().jsonPath().getList("jobId"))
                    .contains(queued.jobId());

            ModelCard card = new ModelRepository(GeneratedDataset.modelsDir()).find(last.published()).orElseThrow()
                    .readCard();
            assertThat(card.architecture()).isEqualTo("lenet5");
            assertThat(card.flopsPerImage()).isPositive();
            assertThat(card.parity().passed()).isTrue();
            ModelPublished announced = ContractJson.read(TopicRecorder.text(modelEvents.awaitKey("rest-lenet5",
                    Duration.ofSeconds(30))), ModelPublished.class);
            assertThat(announced.model()).isEqualTo(last.published());
            TrainingJobEvent lastOnTopic = ContractJson.read(TopicRecorder.text(progress.await(
                    r -> r.key().equals(queued.jobId()) && TopicRecorder.text(r).contains("SUCCEEDED"),
                    Duration.ofSeconds(30))), TrainingJobEvent.class);
            assertThat(lastOnTopic.published()).isEqualTo(last.published());
        }
    }

    @Test
    void anEnsembleJobJoinsPublishedReadersThenPublishesAndAnnouncesTheEnsemble() throws Exception {
        ModelRepository repository = new ModelRepository(GeneratedDataset.modelsDir());
        ModelRef one = UntrainedModels.characterReader(repository, "rest-member", 1);
        ModelRef other = UntrainedModels.characterReader(repository, "rest-member", 2);
        try (TopicRecorder modelEvents = new TopicRecorder(KafkaBrokerTestResource.bootstrapServers(),
                Topics.MODEL_EVENTS)) {
            TrainingJobEvent queued = ContractJson.read(given().contentType("application/json")
                    .body("""
                            {"architecture": "ensemble", "members": "%s,%s",
                             "model-name": "rest-ensemble", "digit-margin": "0.1"}""".formatted(one, other))
                    .post(jobs).then().statusCode(202).extract().asString(), TrainingJobEvent.class);
            assertThat(queued.architecture()).isEqualTo("ensemble");
            assertThat(queued.model()).isEqualTo("rest-ensemble");

            List<TrainingJobEvent> events = follow(queued.jobId());

            TrainingJobEvent last = events.get(events.size() - 1);
            assertThat(last.state()).as(last.error()).isEqualTo(TrainingJobEvent.SUCCEEDED);
            ModelCard card = repository.find(last.published()).orElseThrow().readCard();
            assertThat(card.architecture()).isEqualTo("ensemble");
            assertThat(card.provenance().hyperParameters()).containsEntry("members", one + "," + other);
            assertThat(card.parity().passed()).isTrue();
            // The last event carries the published model's own figures, as its card does.
            assertThat(last.validation()).isEqualTo(card.metrics()).containsKey(ModelCard.VAL_CHARACTER_ACCURACY);
            ModelPublished announced = ContractJson.read(TopicRecorder.text(modelEvents.awaitKey("rest-ensemble",
                    Duration.ofSeconds(30))), ModelPublished.class);
            assertThat(announced.model()).isEqualTo(last.published());
        }
    }

    @Test
    void aCancelledJobStopsAndPublishesNothing() throws Exception {
        String id = given().contentType("application/json")
                .body("{\"architecture\": \"mlp\", \"model-name\": \"rest-cancelled\", \"epochs\": 1000,"
                        + " \"batch-size\": 4, \"mlp-hidden\": \"16\"}")
                .post(jobs).then().statusCode(202).extract().path("jobId");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!given().get(jobs + "/" + id).then().extract().path("state").equals("RUNNING")
                || given().get(jobs + "/" + id).then().extract().path("epoch").equals(0)) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(200);
        }

        given().delete(jobs + "/" + id).then().statusCode(200);

        List<TrainingJobEvent> events = follow(id);
        assertThat(events.get(events.size() - 1).state()).isEqualTo(TrainingJobEvent.CANCELLED);
        assertThat(new ModelRepository(GeneratedDataset.modelsDir()).latest("rest-cancelled")).isEmpty();
    }

    @Test
    void jobsOfAnEarlierRunAreListedAgainAndOneThatHadNotEndedIsReportedFailed() throws Exception {
        Instant at = Instant.parse("2026-11-30T10:00:00Z");
        TrainingJobEvent succeeded = event("earlier-succeeded", TrainingJobEvent.SUCCEEDED, new ModelRef("earlier", 3),
                at);
        TrainingJobEvent running = event("earlier-running", TrainingJobEvent.RUNNING, null, at);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerTestResource.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
                TopicRecorder progress = new TopicRecorder(KafkaBrokerTestResource.bootstrapServers(),
                        Topics.TRAINING_PROGRESS)) {
            for (TrainingJobEvent event : List.of(event("earlier-succeeded", TrainingJobEvent.QUEUED, null, at),
                    succeeded, event("earlier-running", TrainingJobEvent.QUEUED, null, at), running)) {
                producer.send(new ProducerRecord<>(Topics.TRAINING_PROGRESS, event.jobId(), ContractJson.write(event)))
                        .get();
            }

            trainingJobs.restoreHistory();

            given().get(jobs + "/earlier-succeeded").then().statusCode(200).body("state", equalTo("SUCCEEDED"))
                    .body("published.version", equalTo(3));
            given().get(jobs + "/earlier-running").then().statusCode(200).body("state", equalTo("FAILED"))
                    .body("error", containsString("the trainer stopped while this job was running"));
            TrainingJobEvent told = ContractJson.read(TopicRecorder.text(progress.await(
                    r -> r.key().equals("earlier-running") && TopicRecorder.text(r).contains("FAILED"),
                    Duration.ofSeconds(30))), TrainingJobEvent.class);
            assertThat(told.error()).contains("submit the job again");
        }
    }

    @Test
    void theProgressTopicIsMadeCompactedSoThatEveryJobsLastEventIsKept() throws Exception {
        String bootstrap = KafkaBrokerTestResource.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("progress-made-elsewhere", 1, (short) 1))).all().get();
            assertThat(cleanupPolicy(admin, "progress-made-elsewhere")).isEqualTo(TopicConfig.CLEANUP_POLICY_DELETE);

            ProgressTopic.ensureCompacted(bootstrap, "progress-missing");
            ProgressTopic.ensureCompacted(bootstrap, "progress-made-elsewhere");

            assertThat(cleanupPolicy(admin, "progress-missing")).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
            assertThat(cleanupPolicy(admin, "progress-made-elsewhere")).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    private static String cleanupPolicy(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource)
                .get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
    }

    private static TrainingJobEvent event(String id, String state, ModelRef published, Instant at) {
        return new TrainingJobEvent(id, "earlier", "lenet5", state, 1, 3, 2, 4, 0.5, Map.of(), null, published, null,
                at);
    }

    @Test
    void badRequestsAreRefusedNamingWhatIsWrong() {
        given().contentType("application/json").body("{\"architecture\": \"lenet\"}").post(jobs).then()
                .statusCode(400).body("detail", containsString("architecture 'lenet' is not one of"));
        given().contentType("application/json").body("{\"epoch\": 3}").post(jobs).then()
                .statusCode(400).body("detail", containsString("unknown option '--epoch'"));
        given().contentType("application/json").body("{\"epochs\": \"many\"}").post(jobs).then()
                .statusCode(400).body("detail", containsString("option --epochs cannot take 'many'"));
        given().contentType("application/json")
                .body("{\"architecture\": \"ensemble\", \"members\": \"no-such-reader/7,character-reader/1\"}")
                .post(jobs).then().statusCode(400).body("detail", containsString("no model no-such-reader/7 in"));
        given().contentType("application/json")
                .body("{\"architecture\": \"ensemble\", \"members\": \"character-reader/1\"}").post(jobs).then()
                .statusCode(400).body("detail", containsString("an ensemble needs at least two --members, got 1"));
        given().get(jobs + "/no-such-job").then().statusCode(404)
                .body("detail", equalTo("no training job with id 'no-such-job'"));
        given().delete(jobs + "/no-such-job").then().statusCode(404);
    }

    /** Reads the job's server-sent events until the stream ends. */
    private List<TrainingJobEvent> follow(String id) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(jobs + "/" + id + "/events"))
                .header("Accept", "text/event-stream").timeout(Duration.ofMinutes(5)).build();
        HttpResponse<java.io.InputStream> response = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        List<TrainingJobEvent> events = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data:")) {
                    events.add(ContractJson.read(line.substring(5).strip(), TrainingJobEvent.class));
                }
            }
        }
        assertThat(events).isNotEmpty();
        return events;
    }
}
