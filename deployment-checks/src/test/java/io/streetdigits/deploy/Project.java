package io.streetdigits.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the deployment files must agree with, read from the project itself. */
final class Project {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** The services that run as containers. */
    static final List<String> SERVICES = List.of("gateway-service", "inference-service", "trainer-service");
    /** What SmallRye Health serves in every service. */
    static final Set<String> HEALTH_PATHS = Set.of("/q/health/live", "/q/health/ready", "/q/health/started");

    private Project() {
    }

    /** The project version, as images are tagged. */
    static String version() {
        try {
            Matcher matcher = Pattern.compile("<artifactId>streetdigits-parent</artifactId>\\s*<version>([^<]+)</version>")
                    .matcher(Files.readString(ROOT.resolve("pom.xml")));
            if (!matcher.find()) {
                throw new IllegalStateException("no version in the root pom.xml");
            }
            return matcher.group(1).replace("-SNAPSHOT", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The HTTP port a service listens on, from its application.properties. */
    static int httpPort(String service) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(ROOT.resolve(service).resolve(
                "src/main/resources/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Integer.parseInt(properties.getProperty("quarkus.http.port"));
    }

    /** Whether a service serves SmallRye Health's endpoints (its pom names the extension). */
    static boolean servesHealth(String service) {
        try {
            return Files.readString(ROOT.resolve(service).resolve("pom.xml")).contains("quarkus-smallrye-health");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Dockerfile that builds an image tag variant: "" (JVM), "gpu", "cuda" or "native". */
    static Path dockerfile(String service, String variant) {
        String name = variant.isEmpty() ? "Dockerfile.jvm" : "Dockerfile." + variant;
        return ROOT.resolve(service).resolve("src/main/docker").resolve(name);
    }

    /** Runs a command in the project root and returns its standard output; fails with its output otherwise. */
    static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(false)
                    .start();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n"
                        + new String(err, StandardCharsets.UTF_8) + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is needed for the deployment checks and could not be run ("
                    + e.getMessage() + "); ./streetdigits test installs docker-compose, and kubectl with kustomize"
                    + " v5 must be on the PATH", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static List<String> kafkaTopics() {
        List<String> topics = new ArrayList<>();
        for (var field : io.streetdigits.core.contract.Topics.class.getFields()) {
            try {
                topics.add((String) field.get(null));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return topics;
    }
}
