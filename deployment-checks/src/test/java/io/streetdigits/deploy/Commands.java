package io.streetdigits.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command line in the project root with extra environment, its output (both streams) appended to a log, and
 * fails naming the command and the log's tail when it fails or runs too long.
 */
final class Commands {

    private final Path log;
    private final Map<String, String> environment;

    Commands(Path log, Map<String, String> environment) {
        this.log = log;
        this.environment = Map.copyOf(environment);
    }

    /** The command's output; fails unless it exits 0 within the timeout. */
    String run(Duration timeout, List<String> command) {
        try {
            Path output = Files.createTempFile(log.getParent(), "command-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).directory(Project.ROOT.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            Files.writeString(log, "$ " + String.join(" ", command) + "\n" + text, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (!exited || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + (exited ? " exited with " + process.exitValue()
                        : " ran longer than " + timeout) + " (log " + log + "):\n" + tail(text));
            }
            return text;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + String.join(" ", command), e);
        }
    }

    String run(Duration timeout, String... command) {
        return run(timeout, List.of(command));
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
