package io.streetdigits.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.streetdigits.core.contract.RequestHeaders;
import io.streetdigits.core.contract.Topics;
import io.streetdigits.core.synthetic.HouseNumberGenerator;
import io.streetdigits.kafka.broker.KafkaBrokerTestResource;
import io.streetdigits.kafka.broker.TopicRecorder;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
