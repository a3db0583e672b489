package io.streetdigits.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The local stack the launcher runs, as the reliability harness drives it: start, stop, kill, measure. */
final class LocalStack {

    /** USER_HZ, which Linux fixes at 100 for /proc's clock ticks. */
    private static final double CLOCK_TICKS = 100;

    private final Path root;

    LocalStack(Path root) {
        this.root = root;
    }

    void start(String component) throws IOException, InterruptedException {
        launcher(Map.of(), "start", component);
    }

    /** Starts a component with extra environment for the launcher (such as STREETDIGITS_INFERENCE_JAVA_OPTS). */
    void start(String component, Map<String, String> environment) throws IOException, InterruptedException {
        launcher(environment, "start", component);
    }

    void stop(String component) throws IOException, InterruptedException {
        launcher(Map.of(), "stop", component);
    }

    /** SIGKILL, as a crash or an out-of-memory kill would. */
    void kill(String component) throws IOException, InterruptedException {
        launcher(Map.of(), "stop", component, "--kill");
    }

    /** Whether the process the launcher started (by its pid file) is still alive. */
    boolean running(String process) {
        return proc(process, "").map(Files::exists).orElse(false);
    }

    /** Resident memory of a running component in MiB, or -1 when it does not run. */
    long residentMiB(String process) {
        try {
            Optional<Path> status = proc(process, "status");
            if (status.isEmpty()) {
                return -1;
            }
            for (String line : Files.readAllLines(status.get())) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU seconds a running component has used so far, user and system, all threads; NaN when it does not run.
     * Two readings subtracted give its share of the cores over a phase.
     */
    double cpuSeconds(String process) {
        try {
            Optional<Path> stat = proc(process, "stat");
            if (stat.isEmpty()) {
                return Double.NaN;
            }
            String line = Files.readString(stat.get());
            // Fields after the command name (which may hold spaces, inside parentheses): utime is the 14th field
            // of the line, stime the 15th, in clock ticks (100 a second on Linux).
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** A file of {@code /proc/<pid>} of the process the launcher started, by its pid file; empty when it has none. */
    private Optional<Path> proc(String process, String file) {
        try {
            Path pidFile = root.resolve(".streetdigits/pids").resolve(process);
            return Files.exists(pidFile) ? Optional.of(Path.of("/proc", Files.readString(pidFile).strip(), file))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void launcher(Map<String, String> environment, String... args) throws IOException,
            InterruptedException {
        List<String> command = new ArrayList<>(List.of(root.resolve("streetdigits").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).inheritIO();
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("./streetdigits " + String.join(" ", args) + " failed");
        }
    }
}
