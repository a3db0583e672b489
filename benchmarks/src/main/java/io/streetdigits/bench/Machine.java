package io.streetdigits.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A line describing where a benchmark ran, for reports. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst().orElse(cpu);
        } catch (IOException e) {
            // not Linux: keep "unknown CPU"
        }
        long memoryGiB = Math.round(((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() / 1e9);
        return String.format("%s, %d cores available, %d GB memory, %s %s, Java %s", cpu,
                Runtime.getRuntime().availableProcessors(), memoryGiB, System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"));
    }
}
