package io.streetdigits.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The local stack the launcher runs, as the reliability harness drives it: start, stop, kill, measure. */
final class LocalStack {

    private final Path root;

    LocalStack(Path root) {
        this.root = root;
    }

    void start(String component) throws IOException, InterruptedException {
        launcher("start", component);
    }

    void stop(String component) throws IOException, InterruptedException {
        launcher("stop", component);
    }

    /** SIGKILL, as a crash or an out-of-memory kill would. */
    void kill(String component) throws IOException, InterruptedException {
        launcher("stop", component, "--kill");
    }

    /** Resident memory of a running component in MiB, or -1 when it does not run. */
    long residentMiB(String process) {
        try {
            Path pidFile = root.resolve(".streetdigits/pids").resolve(process);
            if (!Files.exists(pidFile)) {
                return -1;
            }
            String pid = Files.readString(pidFile).strip();
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private void launcher(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(root.resolve("streetdigits").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(root.toFile()).inheritIO().start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("./streetdigits " + String.join(" ", args) + " failed");
        }
    }
}
