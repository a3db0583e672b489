package io.streetdigits.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The images the container test runs, every one built on this machine, where no image registry answers: a base
 * made from Debian's packages, a Kafka image from the Kafka jars Maven Central serves, and the services' images
 * from their own Dockerfiles with that base as their {@code BASE_IMAGE}.
 */
final class ContainerImages {

    /** What a base needs: Java 17, curl (the compose health checks) and fonts (the trainer draws digits in them). */
    static final List<String> BASE_PACKAGES = List.of("openjdk-17-jre-headless", "curl", "fontconfig",
            "fonts-dejavu-core");
    /**
     * Kept between runs (debootstrap takes about a minute), named after its packages so that a changed list makes
     * a new one: {@code docker rmi} it to start afresh.
     */
    static final String BASE = "streetdigits-test/base:bookworm-" + digest(String.join(",", BASE_PACKAGES));
    /** Built for each run and removed after it, like the services' images. */
    static final String KAFKA = "streetdigits-test/kafka:" + Project.version();

    private final Commands commands;
    private final Path work;

    ContainerImages(Commands commands, Path work) {
        this.commands = commands;
        this.work = work;
    }

    /** The base image, made once with debootstrap (root and Debian's mirror needed). */
    String base() {
        if (exists(BASE)) {
            return BASE;
        }
        Path root = work.resolve("base-root");
        commands.run(Duration.ofMinutes(10), "debootstrap", "--variant=minbase",
                "--include=" + String.join(",", BASE_PACKAGES), "bookworm", root.toString(),
                "http://deb.debian.org/debian");
        commands.run(Duration.ofMinutes(5), "sh", "-c", "tar -C '" + root + "' -c . | docker import - " + BASE);
        commands.run(Duration.ofMinutes(2), "rm", "-rf", root.toString());
        return BASE;
    }

    /** The Kafka image: this module's src/test/kafka-image with the jars kafka-broker/local/pom.xml names. */
    String kafka() {
        Path context = work.resolve("kafka-image");
        copyTree(Project.ROOT.resolve("deployment-checks/src/test/kafka-image"), context);
        copy(Project.ROOT.resolve("kafka-broker/local/log4j2.properties"), context.resolve("log4j2.properties"));
        commands.run(Duration.ofMinutes(10), "mvn", "-B", "-q", "-f", "kafka-broker/local/pom.xml",
                "dependency:copy-dependencies", "-DoutputDirectory=" + context.resolve("libs"));
        build(context, "Dockerfile", KAFKA);
        return KAFKA;
    }

    /** A service's image from its module's Dockerfile (variant {@code jvm}), tagged as the compose file names it. */
    String service(String module) {
        String tag = "streetdigits/" + module + ":" + Project.version();
        build(Project.ROOT.resolve(module), "src/main/docker/Dockerfile.jvm", tag);
        return tag;
    }

    private void build(Path context, String dockerfile, String tag) {
        // Not deleted on exit: the test removes what it built once the stack is down, also when it fails.
        new ImageFromDockerfile(tag, false).withFileFromPath(".", context).withDockerfilePath(dockerfile)
                .withBuildArg("BASE_IMAGE", BASE).get();
    }

    /** Removes an image this run built; quietly when it is not there. */
    static void remove(String image) {
        if (exists(image)) {
            DockerClientFactory.instance().client().removeImageCmd(image).withForce(true).exec();
        }
    }

    static boolean exists(String image) {
        return !DockerClientFactory.instance().client().listImagesCmd().withImageNameFilter(image).exec().isEmpty();
    }

    /** Bytes on disk of an image, as Docker reports them. */
    static long size(String image) {
        return DockerClientFactory.instance().client().inspectImageCmd(image).exec().getSize();
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    copy(file, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
