package io.streetdigits.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The competition's user: the whole test set in one batch through the gateway, one CSV back. For each size N, the
 * photos of a folder repeated under new names ({@code 000000.png} ...) go into one zip, written to disk and
 * uploaded from there; the batch is followed until it is complete and its CSV read as a stream. Reports wall time
 * (upload to the CSV's last row), images/s and the peak resident memory of gateway and inference, and checks that
 * the CSV has N rows. The last line is {@code gateway_peak_growth=<peak at the largest N / peak at the smallest>}.
 */
final class BatchBenchmark {

    private final URI gateway;
    private final String apiKey;
    private final LocalStack stack;
    private final Path images;
    private final List<Integer> sizes = new ArrayList<>();
    private final Path report;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    BatchBenchmark(BenchOptions options) {
        gateway = URI.create(options.text("gateway", "http://127.0.0.1:8080"));
        apiKey = options.text("api-key", "sd-dev-key");
        stack = new LocalStack(Path.of(options.text("root", ".")).toAbsolutePath().normalize());
        images = Path.of(options.text("images", "data/samples/images"));
        for (String size : options.text("sizes", "4000,40000").split(",")) {
            sizes.add(Integer.parseInt(size.strip()));
        }
        report = options.optionalPath("report");
        options.requireAllRead();
    }

    /** One size's outcome. */
    private record Run(int images, double seconds, long rows, long gatewayPeak, long inferencePeak) {
    }

    int run() throws Exception {
        List<Path> photos = photos();
        System.out.printf("batches of %s photos from %s, repeated under new names; %s%n", sizes, images,
                Machine.describe());
        List<Run> runs = new ArrayList<>();
        for (int size : sizes) {
            runs.add(batch(photos, size));
        }
        long smallest = runs.get(0).gatewayPeak();
        long largest = runs.get(runs.size() - 1).gatewayPeak();
        double growth = largest / (double) smallest;
        boolean allRows = runs.stream().allMatch(run -> run.rows() == run.images());
        if (report != null) {
            writeReport(runs, growth);
        }
        System.out.printf("gateway_peak_growth=%.3f%n", growth);
        return allRows ? 0 : 1;
    }

    private Run batch(List<Path> photos, int size) throws Exception {
        Path upload = Files.createTempFile("streetdigits-batch-", ".multipart");
        try {
            String boundary = "----streetdigits" + UUID.randomUUID();
            writeUpload(upload, boundary, photos, size);
            System.out.printf("%,d photos: upload of %,d bytes ...%n", size, Files.size(upload));
            try (MemorySampler memory = new MemorySampler(stack).start()) {
                long start = System.nanoTime();
                HttpResponse<String> accepted = http.send(request("/api/v1/batches")
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .timeout(Duration.ofMinutes(30)).POST(HttpRequest.BodyPublishers.ofFile(upload)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (accepted.statusCode() != 202) {
                    throw new IOException("the batch was refused: " + accepted.statusCode() + " " + accepted.body());
                }
                String id = GatewayClient.json(accepted).path("id").asText();
                double acceptedAfter = (System.nanoTime() - start) / 1e9;
                awaitComplete(id, size);
                long rows;
                try (Stream<String> csv = http.send(request("/api/v1/batches/" + id + "/submission.csv")
                        .timeout(Duration.ofMinutes(10)).GET().build(), HttpResponse.BodyHandlers.ofLines()).body()) {
                    rows = csv.skip(1).filter(line -> !line.isBlank()).count();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                memory.stop();
                Run run = new Run(size, seconds, rows, memory.peak("gateway-service"),
                        memory.peak("inference-service"));
                System.out.printf("%,d photos: accepted after %.1f s, CSV of %,d rows after %.1f s (%.0f images/s);"
                        + " peak resident memory %s%n", size, acceptedAfter, rows, seconds, size / seconds,
                        memory.peaks());
                return run;
            }
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    /** A multipart body holding one zip part, written straight to disk: no batch is ever held in memory. */
    private static void writeUpload(Path file, String boundary, List<Path> photos, int size) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"archive\"; filename=\"batch.zip\""
                    + "\r\nContent-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            ZipOutputStream zip = new ZipOutputStream(out);
            for (int i = 0; i < size; i++) {
                zip.putNextEntry(new ZipEntry(String.format("%06d.png", i)));
                zip.write(Files.readAllBytes(photos.get(i % photos.size())));
                zip.closeEntry();
            }
            zip.finish(); // the part goes on after the archive: finish it without closing the stream
            out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        }
    }

    private void awaitComplete(String id, int size) throws Exception {
        long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
        int lastReported = -1;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> status = http.send(request("/api/v1/batches/" + id).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (status.statusCode() == 200) {
                int done = GatewayClient.json(status).path("done").asInt();
                if (GatewayClient.json(status).path("status").asText().equals("COMPLETE")) {
                    return;
                }
                if (done / 5000 != lastReported / 5000) {
                    System.out.printf("  %,d of %,d answered%n", done, size);
                    lastReported = done;
                }
            }
            Thread.sleep(500);
        }
        throw new IOException("batch " + id + " was not complete within an hour");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(gateway.resolve(path)).header("X-API-Key", apiKey);
    }

    private List<Path> photos() throws IOException {
        try (Stream<Path> files = Files.list(images)) {
            List<Path> photos = files.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".png"))
                    .sorted().toList();
            if (photos.isEmpty()) {
                throw new IllegalArgumentException("no PNG photos in " + images);
            }
            return photos;
        }
    }

    private void writeReport(List<Run> runs, double growth) throws IOException {
        StringBuilder section = new StringBuilder(String.format("""
                ## A whole test set in one batch

                Measured %s on %s, by `./streetdigits bench batch --images %s --sizes %s`: the photos repeated
                under new names into one zip, uploaded through the gateway as one batch, followed until complete,
                and its CSV read as a stream. Wall time runs from the upload's start to the CSV's last row.

                | photos | wall time | images/s | rows in the CSV | gateway peak RSS | inference peak RSS |
                | --- | --- | --- | --- | --- | --- |
                """, LocalDate.now(), Machine.describe(), images, String.join(",", sizes.stream()
                        .map(String::valueOf).toList())));
        for (Run run : runs) {
            section.append(String.format("| %,d | %.1f s | %.0f | %,d | %d MiB | %d MiB |%n", run.images(),
                    run.seconds(), run.images() / run.seconds(), run.rows(), run.gatewayPeak(),
                    run.inferencePeak()));
        }
        section.append(String.format("%nThe gateway's peak at the largest batch over its peak at the smallest: %.3f.%n",
                growth));
        MarkdownSections.replace(report, "Benchmarks", "batch", section.toString());
        System.out.println("wrote " + report);
    }
}
