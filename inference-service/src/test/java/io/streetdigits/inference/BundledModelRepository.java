package io.streetdigits.inference;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A private copy of the project's bundled model repository ({@code models/} at the root), so tests can publish
 * new versions into it without touching the real one.
 */
public class BundledModelRepository implements QuarkusTestResourceLifecycleManager {

    static final Path BUNDLED = Path.of("..", "models");
    private static Path copy;

    @Override
    public synchronized Map<String, String> start() {
        try {
            copy = Files.createTempDirectory("streetdigits-models-");
            try (Stream<Path> paths = Files.walk(BUNDLED)) {
                for (Path source : paths.toList()) {
                    Path target = copy.resolve(BUNDLED.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                }
            }
            return Map.of("streetdigits.models.dir", copy.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the bundled models from " + BUNDLED.toAbsolutePath(), e);
        }
    }

    @Override
    public synchronized void stop() {
        if (copy == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(copy)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the test model repository " + copy, e);
        }
    }

    static synchronized Path root() {
        return copy;
    }
}
