package io.streetdigits.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Sustained load through the gateway: first a steady rate (open loop, a request every 1/rate s whatever the
 * answers do), then a step to saturation (closed loop, a number of clients each sending as soon as it has its
 * answer). Each request asks for its result in the same call ({@code ?wait=}); latency is the whole call.
 * Records throughput, latency percentiles, errors and each service's resident memory.
 */
final class LoadBenchmark {

    private final GatewayClient gateway;
    private final LocalStack stack;
    private final int rate;
    private final int steadySeconds;
    private final int warmUpSeconds;
    private final int clients;
    private final int saturationSeconds;
    private final Path report;
    private final List<String> rows = new ArrayList<>();
    /** The models that answered, as name/version: requests name none, so the service's default does. */
    private final Set<String> servedBy = ConcurrentHashMap.newKeySet();

    LoadBenchmark(BenchOptions options) {
        gateway = new GatewayClient(URI.create(options.text("gateway", "http://127.0.0.1:8080")),
                options.text("api-key", "sd-dev-key"));
        stack = new LocalStack(Path.of(options.text("root", ".")).toAbsolutePath().normalize());
        rate = options.integer("rate", 20);
        steadySeconds = options.integer("seconds", 120);
        warmUpSeconds = options.integer("warm-up-seconds", 20);
        clients = options.integer("clients", 16);
        saturationSeconds = options.integer("saturation-seconds", 60);
        report = options.optionalPath("report");
        options.requireAllRead();
    }

    int run() throws Exception {
        List<byte[]> images = new ArrayList<>(SampleImages.generate(50, 50_000).values());
        MemorySampler memory = new MemorySampler(stack);
        memory.start();
        // A fresh stack joins its consumer groups and compiles its hot paths in the first seconds: not measured.
        steady(images, warmUpSeconds);
        Phase steady = steady(images, steadySeconds);
        Phase saturated = saturation(images);
        memory.stop();
        report(String.format("steady, %d requests/s offered for %d s", rate, steadySeconds), steady);
        report(String.format("saturation, %d clients for %d s", clients, saturationSeconds), saturated);
        rows.add(String.format("| peak resident memory | %s |", memory.peaks()));
        System.out.println("peak resident memory: " + memory.peaks() + "; answered by " + servedBy());
        if (report != null) {
            MarkdownSections.replace(report, "Reliability", "load", String.format("""
                    ## Sustained load through the gateway

                    Measured %s on %s, by `./streetdigits bench load` (each request a POST with `?wait=30s`, the
                    whole call timed, after %d s of unmeasured warm-up at the steady rate; the benchmark client runs on the same
                    machine). Requests name no pipeline; the default answered: %s.

                    | phase | throughput | latency p50 / p95 / p99 | errors |
                    | --- | --- | --- | --- |
                    %s
                    """, LocalDate.now(), Machine.describe(), warmUpSeconds, servedBy(), String.join("\n", rows)));
            System.out.println("wrote " + report);
        }
        return steady.errors.get() == 0 ? 0 : 1;
    }

    /** What a phase measured. */
    private record Phase(List<Double> latencies, AtomicInteger errors, double seconds) {
    }

    private Phase steady(List<byte[]> images, int seconds) throws Exception {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(64);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sent = new AtomicInteger();
        long start = System.nanoTime();
        ticker.scheduleAtFixedRate(() -> {
            int i = sent.getAndIncrement();
            workers.submit(() -> call(images.get(i % images.size()), latencies, errors));
        }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
        Thread.sleep(seconds * 1000L);
        ticker.shutdownNow();
        workers.shutdown();
        workers.awaitTermination(2, TimeUnit.MINUTES);
        return new Phase(latencies, errors, (System.nanoTime() - start) / 1e9);
    }

    private Phase saturation(List<byte[]> images) throws Exception {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        long end = start + saturationSeconds * 1_000_000_000L;
        for (int c = 0; c < clients; c++) {
            int client = c;
            pool.submit(() -> {
                for (int i = 0; System.nanoTime() < end; i++) {
                    call(images.get((client * 7 + i) % images.size()), latencies, errors);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(saturationSeconds + 120L, TimeUnit.SECONDS);
        return new Phase(latencies, errors, (System.nanoTime() - start) / 1e9);
    }

    private void call(byte[] image, List<Double> latencies, AtomicInteger errors) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = gateway.postImage(image, "?wait=30s");
            JsonNode result = response.statusCode() == 200 ? GatewayClient.json(response) : null;
            if (result != null && result.has("digits")) {
                latencies.add((System.nanoTime() - start) / 1e6);
                List<String> models = new ArrayList<>();
                result.path("models").forEach(model -> models.add(model.path("name").asText() + "/"
                        + model.path("version").asText()));
                servedBy.add("`" + result.path("pipeline").asText() + "` (" + String.join(", ", models) + ")");
            } else {
                errors.incrementAndGet();
            }
        } catch (Exception e) {
            errors.incrementAndGet();
        }
    }

    private String servedBy() {
        return servedBy.stream().sorted().collect(Collectors.joining(", "));
    }

    private void report(String name, Phase phase) {
        List<Double> latencies = new ArrayList<>(phase.latencies());
        int total = latencies.size() + phase.errors().get();
        String row = String.format("| %s | %.1f answered/s | %.0f / %.0f / %.0f ms | %d of %d (%.2f %%) |", name,
                latencies.size() / phase.seconds(), Stats.percentile(latencies, 50), Stats.percentile(latencies, 95),
                Stats.percentile(latencies, 99), phase.errors().get(), total,
                total == 0 ? 0.0 : 100.0 * phase.errors().get() / total);
        rows.add(row);
        System.out.println(row);
    }
}
