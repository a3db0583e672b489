package io.streetdigits.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One of the project's packaged services started as its own process ({@code java -jar quarkus-run.jar}), exactly
 * as the launcher and the container images run it, on a free port, logging to {@code target/e2e-logs/}.
 */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code <root>/<module>/target/quarkus-app/quarkus-run.jar} and waits until it reports ready. */
    static ServiceProcess start(String module, List<String> systemProperties) throws Exception {
        return start(module, systemProperties, "/q/health/ready");
    }

    /**
     * As {@link #start(String, List)}, waiting for the given health path instead (the liveness one for a service
     * that cannot become ready, such as one whose Kafka is down).
     */
    static ServiceProcess start(String module, List<String> systemProperties, String healthPath) throws Exception {
        return start(module, List.of(), systemProperties, healthPath);
    }

    /** As {@link #start(String, List, String)}, with JVM options after the defaults (a later {@code -Xmx} wins). */
    static ServiceProcess start(String module, List<String> jvmOptions, List<String> systemProperties,
            String healthPath) throws Exception {
        ServiceProcess service = launch(module, jvmOptions, systemProperties);
        service.awaitHealthy(healthPath, Duration.ofSeconds(120));
        return service;
    }

    /** Starts the service and returns at once, before it listens: for tests that watch it start. */
    static ServiceProcess launch(String module, List<String> systemProperties) throws Exception {
        return launch(module, List.of(), systemProperties);
    }

    private static ServiceProcess launch(String module, List<String> jvmOptions, List<String> systemProperties)
            throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests through Maven from the project root"
                    + " (mvn -B verify), which packages the services first");
        }
        int port = freePort();
        Path logs = Files.createDirectories(Path.of("target", "e2e-logs"));
        Path log = logs.resolve(module + "-" + port + ".log");
        Path tmp = Files.createDirectories(Path.of("target", "e2e-tmp", module + "-" + port)).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-Djava.io.tmpdir=" + tmp, "-Dquarkus.http.port=" + port));
        command.addAll(jvmOptions);
        systemProperties.forEach(p -> command.add("-D" + p));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("TMPDIR", tmp.toString());
        return new ServiceProcess(module, builder.start(), port, log);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    void awaitHealthy(String healthPath, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " during start-up:\n"
                        + tail());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri(healthPath)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException(name + " was not ready within " + timeout + ":\n" + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Whether it exited by itself within the timeout. */
    boolean exitsWithin(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Kills the process at once, as a crash or an OOM kill would. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
