package io.streetdigits.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.streetdigits.core.contract.BatchManifest;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.core.contract.RequestHeaders;
import io.streetdigits.core.contract.Topics;
import io.streetdigits.core.synthetic.HouseNumberGenerator;
import io.streetdigits.kafka.broker.KafkaBrokerTestResource;
import io.streetdigits.kafka.broker.TopicRecorder;
import io.streetdigits.core.tianchi.SubmissionCsv;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Batches through the gateway against a real broker; the test answers the requests as the inference would. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class BatchApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TopicRecorder requests;

    @BeforeAll
    static void connect() {
        RestAssured.filters(ApiKeys.DEFAULT);
        requests = new TopicRecorder(KafkaBrokerTestResource.bootstrapServers(), Topics.RECOGNITION_REQUESTS);
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        RestAssured.reset();
        requests.close();
    }

    @Test
    void aZipBatchRunsToACompleteCsvWithEachFileOnceAndStreamsItsResults() throws Exception {
        byte[] zip = zip("a.png", png("12"), "folder/b.png", png("345"), "c.png", png("6"), "__MACOSX/._c.png",
                new byte[] {1});

        String batchId = given().multiPart("archive", "images.zip", zip, "application/zip")
                .when().post("/api/v1/batches")
                .then().statusCode(202)
                .body("status", is("RUNNING")).body("total", is(3)).body("done", is(0))
                .extract().path("id");
        given().when().get("/api/v1/batches/" + batchId + "/submission.csv").then().statusCode(409)
                .body("detail", containsString("0 of 3"));

        try (InferenceSide inference = new InferenceSide()) {
            for (String file : List.of("a.png", "b.png", "c.png")) {
                ConsumerRecord<String, byte[]> request = requests.await(r ->
                        batchId.equals(TopicRecorder.header(r, RequestHeaders.BATCH_ID))
                                && file.equals(TopicRecorder.header(r, RequestHeaders.FILE_NAME)), WAIT);
                inference.answer(request, file.equals("a.png") ? "12" : file.equals("b.png") ? "345" : "6");
                if (file.equals("a.png")) {
                    inference.answer(request, "12"); // at-least-once: the same result twice
                }
            }
        }

        awaitComplete(batchId);
        given().when().get("/api/v1/batches/" + batchId).then().statusCode(200)
                .body("done", is(3)).body("failed", is(0))
                .body("submission", is("/api/v1/batches/" + batchId + "/submission.csv"));
        String csv = given().when().get("/api/v1/batches/" + batchId + "/submission.csv")
                .then().statusCode(200).contentType(containsString("text/csv")).extract().asString();
        assertThat(csv).isEqualTo("file_name,file_code\na.png,12\nb.png,345\nc.png,6\n");
        String ndjson = given().accept("application/x-ndjson").when().get("/api/v1/batches/" + batchId + "/results")
                .then().statusCode(200).extract().asString();
        assertThat(ndjson.lines().filter(line -> !line.isBlank())).hasSize(3)
                .allMatch(line -> line.contains("\"batchId\":\"" + batchId + "\""));
        String events = given().accept("text/event-stream").when().get("/api/v1/batches/" + batchId + "/results")
                .then().statusCode(200).extract().asString();
        assertThat(events.lines().filter(line -> line.startsWith("data:"))).hasSize(3);
        given().header("X-API-Key", ApiKeys.GLOBEX).when().get("/api/v1/batches/" + batchId)
                .then().statusCode(404);
    }

    @Test
    void manyImageFilesMakeOneBatch() throws Exception {
        given().multiPart("files", "x.png", png("1"), "image/png").multiPart("files", "y.png", png("2"), "image/png")
                .when().post("/api/v1/batches")
                .then().statusCode(202).body("total", is(2));
    }

    @Test
    void zipSlipIsRefusedAndNothingIsQueued() throws Exception {
        byte[] zip = zip("ok.png", png("1"), "../../etc/evil.png", png("2"));

        given().multiPart("archive", "slip.zip", zip, "application/zip").when().post("/api/v1/batches")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", is("/problems/zip-slip"))
                .body("detail", containsString("'../../etc/evil.png'"));
        Thread.sleep(500);
        assertThat(requests.records()).noneMatch(r -> "ok.png".equals(TopicRecorder.header(r,
                RequestHeaders.FILE_NAME)));
    }

    @Test
    void zipBombIsRefusedByItsCompressionRatio() throws Exception {
        byte[] zip = zip("bomb.png", new byte[3 * 1024 * 1024]);

        given().multiPart("archive", "bomb.zip", zip, "application/zip").when().post("/api/v1/batches")
                .then().statusCode(400).body("type", is("/problems/zip-bomb"))
                .body("detail", containsString("the limit is 200 times"));
    }

    @Test
    void oversizedEntryAndNonImageEntryAreRefusedByName() throws Exception {
        byte[] big = new byte[5 * 1024 * 1024];
        new java.util.Random(1).nextBytes(big); // incompressible, so it is the size that trips
        given().multiPart("archive", "big.zip", zip("huge.png", big), "application/zip")
                .when().post("/api/v1/batches")
                .then().statusCode(413).body("detail", containsString("huge.png"));
        given().multiPart("archive", "text.zip", zip("notes.txt", "hello".getBytes()), "application/zip")
                .when().post("/api/v1/batches")
                .then().statusCode(415).body("detail", containsString("'notes.txt'"));
    }

    @Test
    void duplicateFileNamesAreRefused() throws Exception {
        given().multiPart("archive", "dup.zip", zip("a/x.png", png("1"), "b/x.png", png("2")), "application/zip")
                .when().post("/api/v1/batches")
                .then().statusCode(400).body("type", is("/problems/duplicate-file-name"));
    }

    @Test
    void fileNamesWithControlCharactersOrFormulaStartsAreRefusedNamingTheFileAndNothingIsQueued() throws Exception {
        byte[] newline = zip("names/kept-1.png", png("1"), "names/line\nbreak.png", png("2"));
        given().multiPart("archive", "names.zip", newline, "application/zip").when().post("/api/v1/batches")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", is("/problems/invalid-file-name"))
                .body("detail", containsString("entry 'names/line\\u000Abreak.png' of names.zip holds the control"
                        + " character U+000A at position 10"))
                .body("detail", containsString("nothing was queued"));
        byte[] nul = zip("kept-2.png", png("1"), "nul\0.png", png("2"));
        given().multiPart("archive", "nul.zip", nul, "application/zip").when().post("/api/v1/batches")
                .then().statusCode(400).body("type", is("/problems/invalid-file-name"))
                .body("detail", containsString("U+0000"));
        given().multiPart("files", "kept-3.png", png("1"), "image/png")
                .multiPart("files", "tab\tname.png", png("2"), "image/png").when().post("/api/v1/batches")
                .then().statusCode(400).body("type", is("/problems/invalid-file-name"))
                .body("detail", containsString("'tab\\u0009name.png' (a file part of the upload)"));
        given().multiPart("files", "kept-4.png", png("1"), "image/png")
                .multiPart("files", "=HYPERLINK(1).png", png("2"), "image/png").when().post("/api/v1/batches")
                .then().statusCode(400).body("type", is("/problems/invalid-file-name"))
                .body("detail", containsString("file name '=HYPERLINK(1).png' (a file part of the upload) starts"
                        + " with '='"))
                .body("detail", containsString("must not start with '=', '+', '-' or '@'"));
        for (String formula : List.of("+1.png", "-1.png", "@SUM(A1).png")) {
            given().multiPart("archive", "f.zip", zip("kept-5.png", png("1"), "photos/" + formula, png("2")),
                    "application/zip").when().post("/api/v1/batches")
                    .then().statusCode(400).body("type", is("/problems/invalid-file-name"))
                    .body("detail", containsString("'" + formula + "'"));
        }
        Thread.sleep(500);
        assertThat(requests.records()).noneMatch(r -> String.valueOf(TopicRecorder.header(r,
                RequestHeaders.FILE_NAME)).startsWith("kept-"));
    }

    @Test
    void namesWithACommaOrAQuoteAreQuotedInTheCsvWhichDownloadsAndParses() throws Exception {
        // A browser sends a quote in a part's file name as %22, so the quote travels in a zip entry's name.
        String batchId = given().multiPart("files", "a,b.png", png("12"), "image/png")
                .multiPart("archive", "quoted.zip", zip("say \"hi\".png", png("3")), "application/zip")
                .when().post("/api/v1/batches")
                .then().statusCode(202).body("total", is(2)).extract().path("id");
        answerAll(batchId, 2, "7");
        awaitComplete(batchId);

        for (String query : List.of("", "?partial=true")) {
            String csv = given().when().get("/api/v1/batches/" + batchId + "/submission.csv" + query)
                    .then().statusCode(200).contentType(containsString("text/csv")).extract().asString();
            assertThat(csv).isEqualTo("file_name,file_code\n\"a,b.png\",7\n\"say \"\"hi\"\".png\",7\n");
            Path file = Files.createTempFile("batch-", ".csv");
            Files.writeString(file, csv);
            assertThat(SubmissionCsv.read(file)).isEqualTo(Map.of("a,b.png", "7", "say \"hi\".png", "7"));
            Files.delete(file);
        }
    }

    @Test
    void aRecordProducedStraightOntoTheRequestsTopicWithAFinishedBatchsIdIsNotCountedIntoIt() throws Exception {
        String batchId = given().multiPart("files", "own-1.png", png("1"), "image/png")
                .multiPart("files", "own-2.png", png("2"), "image/png")
                .when().post("/api/v1/batches")
                .then().statusCode(202).extract().path("id");
        answerAll(batchId, 2, "5");
        awaitComplete(batchId);

        // As kcat would: the finished batch's id in the header, with its tenant, under ids of the intruder's
        // choosing: its own, one past the batch's last index, and the batch's first index again.
        try (KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerTestResource.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (String id : List.of("intruder-" + batchId, batchId + ".2", batchId + ".0")) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.RECOGNITION_REQUESTS, id,
                        png("9"));
                record.headers().add(RequestHeaders.BATCH_ID, batchId.getBytes(StandardCharsets.UTF_8))
                        .add(RequestHeaders.FILE_NAME, ("intruder-" + id + ".png").getBytes(StandardCharsets.UTF_8))
                        .add(RequestHeaders.TENANT, "acme".getBytes(StandardCharsets.UTF_8));
                kafka.send(record).get();
            }
        }
        try (InferenceSide inference = new InferenceSide();
                TopicRecorder results = new TopicRecorder(KafkaBrokerTestResource.bootstrapServers(),
                        Topics.RECOGNITION_RESULTS)) {
            for (String id : List.of("intruder-" + batchId, batchId + ".2", batchId + ".0")) {
                ConsumerRecord<String, byte[]> request = requests.await(r -> id.equals(r.key())
                        && String.valueOf(TopicRecorder.header(r, RequestHeaders.FILE_NAME)).startsWith("intruder-"), WAIT);
                inference.answer(request, "9");
                results.await(r -> id.equals(r.key()) && TopicRecorder.text(r).contains("intruder-"), WAIT);
            }
            awaitSeenByTheGateway(inference);
        }

        given().when().get("/api/v1/batches/" + batchId).then().statusCode(200)
                .body("status", is("COMPLETE")).body("total", is(2)).body("done", is(2)).body("failed", is(0));
        String csv = given().when().get("/api/v1/batches/" + batchId + "/submission.csv")
                .then().statusCode(200).extract().asString();
        assertThat(csv).isEqualTo("file_name,file_code\nown-1.png,5\nown-2.png,5\n");
    }

    @Test
    void resultsThatArriveBeforeTheirManifestAreCountedOnceWhenItArrivesAndOnlyTheBatchsIds() throws Exception {
        String batchId = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> kafka = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerTestResource.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            // Results first, as another gateway's batch on a busy broker: index 0 twice, an index past the total,
            // and another tenant's id with the batch's header; then the manifest, which accepts indexes 0 and 1.
            kafka.send(result(batchId + ".0", batchId, "early-0.png", "acme", "10")).get();
            kafka.send(result(batchId + ".0", batchId, "early-0.png", "acme", "10")).get();
            kafka.send(result(batchId + ".2", batchId, "early-2.png", "acme", "12")).get();
            kafka.send(result("stray-" + batchId, batchId, "stray.png", "acme", "13")).get();
            kafka.send(new ProducerRecord<>(Topics.BATCHES, batchId, ContractJson.write(BatchManifest.indexed(
                    batchId, "acme", 2, null, Instant.now())))).get();
            awaitStatus(batchId, "RUNNING");
            given().when().get("/api/v1/batches/" + batchId).then().body("done", is(1)).body("total", is(2));
            kafka.send(result(batchId + ".1", batchId, "late-1.png", "acme", "11")).get();
        }
        awaitComplete(batchId);
        given().when().get("/api/v1/batches/" + batchId).then().body("done", is(2)).body("total", is(2));
        assertThat(given().when().get("/api/v1/batches/" + batchId + "/submission.csv").then().statusCode(200)
                .extract().asString()).isEqualTo("file_name,file_code\nearly-0.png,10\nlate-1.png,11\n");
    }

    /** Answers each of a batch's requests as the inference service would. */
    private static void answerAll(String batchId, int count, String digits) throws Exception {
        try (InferenceSide inference = new InferenceSide()) {
            for (int i = 0; i < count; i++) {
                String id = batchId + "." + i;
                inference.answer(requests.await(r -> id.equals(r.key()), WAIT), digits);
            }
        }
    }

    /**
     * Waits until the gateway has read the results topic past everything sent so far: a single recognition
     * answered after them is found (the test broker's topics have one partition, so the order holds).
     */
    private static void awaitSeenByTheGateway(InferenceSide inference) throws Exception {
        String id = given().contentType("image/png").body(png("4")).when().post("/api/v1/recognitions")
                .then().statusCode(202).extract().path("id");
        inference.answer(requests.awaitKey(id, WAIT), "4");
        given().when().get("/api/v1/recognitions/" + id + "?wait=20s").then().statusCode(200);
    }

    private static ProducerRecord<String, String> result(String id, String batchId, String fileName, String tenant,
            String digits) {
        RecognitionResult result = new RecognitionResult(id, digits, 0.9, List.of(), new ModelRef("digit-cnn", 1),
                "digit-cnn", List.of(new ModelRef("digit-cnn", 1)), null, null, batchId, fileName, tenant,
                Instant.now());
        return new ProducerRecord<>(Topics.RECOGNITION_RESULTS, id, ContractJson.write(result));
    }

    private static void awaitStatus(String batchId, String wanted) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var response = given().when().get("/api/v1/batches/" + batchId);
            if (response.statusCode() == 200 && wanted.equals(response.path("status"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("batch " + batchId + " did not reach " + wanted);
    }

    @Test
    void anUnknownModelIsRefusedWith400NamingWhatIsServedAndNothingIsQueued() throws Exception {
        given().multiPart("files", "unknown-model.png", png("1"), "image/png")
                .when().post("/api/v1/batches?model=nosuch")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", is("/problems/unknown-model"))
                .body("detail", containsString("model 'nosuch' is not served"))
                .body("detail", containsString("house-number"))
                .body("detail", containsString("digit-cnn"));
        Thread.sleep(500);
        assertThat(requests.records()).noneMatch(r -> "unknown-model.png".equals(TopicRecorder.header(r,
                RequestHeaders.FILE_NAME)));
    }

    private static void awaitComplete(String batchId) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if ("COMPLETE".equals(given().when().get("/api/v1/batches/" + batchId).then().statusCode(200)
                    .extract().path("status"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("batch " + batchId + " did not complete");
    }

    static byte[] png(String digits) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(HouseNumberGenerator.plain().generate(digits, 3, "x").image(), "png",
                out);
        return out.toByteArray();
    }

    static byte[] zip(Object... namesAndContents) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry((String) namesAndContents[i]));
                zip.write((byte[]) namesAndContents[i + 1]);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
