package io.streetdigits.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.core.tianchi.SubmissionCsv;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Sends every image of a folder through the gateway (and so through Kafka and the inference service), prints each
 * reading as it arrives and writes the competition's submission CSV. Images that fail keep an empty code in the
 * CSV and are listed on stderr; the exit code is then 1.
 */
final class RecognizeCommand implements StreetDigitsCli.Command {

    private static final Map<String, String> MEDIA_TYPES = Map.of(
            "png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg", "bmp", "image/bmp",
            "gif", "image/gif", "tif", "image/tiff", "tiff", "image/tiff");
    private static final Duration SERVER_WAIT = Duration.ofSeconds(20);
    private static final int ATTEMPTS = 4;

    @Override
    public String usage() {
        return "recognize --images DIR --out FILE.csv [--model NAME] [--gateway http://localhost:8080]"
                + " [--api-key KEY (or STREETDIGITS_API_KEY)] [--concurrency 8] [--timeout 120s]";
    }

    @Override
    public int run(Options options) throws Exception {
        Path images = options.path("images");
        Path out = options.path("out");
        String model = options.optional("model", null);
        URI gateway = URI.create(options.optional("gateway", "http://localhost:8080").replaceAll("/+$", ""));
        String apiKey = options.optional("api-key", System.getenv().getOrDefault("STREETDIGITS_API_KEY", ""));
        int concurrency = options.integer("concurrency", 8);
        Duration timeout = options.seconds("timeout", Duration.ofSeconds(120));
        options.requireAllUsed();
        if (!Files.isDirectory(images)) {
            throw new IllegalArgumentException("--images " + images + " is not a folder");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(images)) {
            files = listing.filter(Files::isRegularFile).filter(f -> mediaType(f) != null).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("--images " + images + " holds no PNG, JPEG, BMP, GIF or TIFF file");
        }

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        Map<String, String> codes = new ConcurrentHashMap<>();
        Map<String, String> failures = new ConcurrentHashMap<>();
        AtomicInteger done = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, concurrency));
        long start = System.nanoTime();
        for (Path file : files) {
            workers.submit(() -> {
                String name = file.getFileName().toString();
                try {
                    RecognitionResult result = recognise(http, gateway, apiKey, file, model, timeout);
                    if (result.succeeded()) {
                        codes.put(name, result.digits());
                        System.out.printf("%s  %-6s  confidence %.2f  %s%n", name,
                                result.digits().isEmpty() ? "(none)" : result.digits(), result.confidence(),
                                readBy(result));
                    } else {
                        failures.put(name, result.error().code() + ": " + result.error().message());
                    }
                } catch (Exception e) {
                    failures.put(name, e.getMessage());
                }
                done.incrementAndGet();
                return null;
            });
        }
        workers.shutdown();
        while (!workers.awaitTermination(2, TimeUnit.SECONDS)) {
            System.err.printf("recognised %d of %d images (%d failed)%n", done.get(), files.size(), failures.size());
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<String, String> submission = new TreeMap<>(codes);
        failures.keySet().forEach(name -> submission.put(name, ""));
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        SubmissionCsv.write(out, submission);
        new TreeMap<>(failures).forEach((name, reason) -> System.err.printf("failed: %s: %s%n", name, reason));
        System.out.printf("recognised %d of %d images in %.1f s (%.1f images/s); wrote %s%n", codes.size(),
                files.size(), seconds, files.size() / seconds, out);
        return failures.isEmpty() ? 0 : 1;
    }

    private static RecognitionResult recognise(HttpClient http, URI gateway, String apiKey, Path file, String model,
            Duration timeout) throws IOException, InterruptedException {
        String query = "?fileName=" + encode(file.getFileName().toString()) + "&wait=" + SERVER_WAIT.toSeconds() + "s"
                + (model == null ? "" : "&model=" + encode(model));
        HttpRequest post = HttpRequest.newBuilder(gateway.resolve("/api/v1/recognitions" + query))
                .header("Content-Type", mediaType(file))
                .header("X-API-Key", apiKey)
                .timeout(SERVER_WAIT.plusSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofFile(file))
                .build();
        HttpResponse<String> response = send(http, post, file);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (response.statusCode() == 202) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no result within " + timeout.toSeconds() + " s");
            }
            String id = ContractJson.mapper().readTree(response.body()).path("id").asText();
            HttpRequest poll = HttpRequest.newBuilder(gateway.resolve("/api/v1/recognitions/" + encode(id)
                            + "?wait=" + SERVER_WAIT.toSeconds() + "s"))
                    .header("X-API-Key", apiKey)
                    .timeout(SERVER_WAIT.plusSeconds(10)).GET().build();
            response = send(http, poll, file);
        }
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + ": " + problemDetail(response.body()));
        }
        return ContractJson.read(response.body(), RecognitionResult.class);
    }

    /** Sends, retrying when the gateway is busy or Kafka is briefly unavailable (429, 503). */
    private static HttpResponse<String> send(HttpClient http, HttpRequest request, Path file)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if ((status != 429 && status != 503) || attempt == ATTEMPTS) {
                return response;
            }
            long retryAfter = response.headers().firstValueAsLong("Retry-After").orElse(attempt);
            Thread.sleep(Duration.ofSeconds(Math.min(retryAfter, 10)).toMillis());
        }
    }

    /**
     * What read an image: its pipeline and every model version that ran, in order, e.g.
     * {@code house-number [digit-detector/1, character-reader/8]}. A result from a gateway older than pipelines
     * names its one model only.
     */
    static String readBy(RecognitionResult result) {
        if (result.pipeline() == null) {
            return String.valueOf(result.model());
        }
        return result.pipeline() + " " + result.models().stream().map(ModelRef::toString)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String problemDetail(String body) {
        try {
            JsonNode problem = ContractJson.mapper().readTree(body);
            return problem.path("detail").asText(body);
        } catch (IOException e) {
            return body;
        }
    }

    private static String mediaType(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : MEDIA_TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
