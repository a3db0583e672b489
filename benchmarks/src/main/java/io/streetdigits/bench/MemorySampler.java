package io.streetdigits.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Samples each local service's resident memory once a second and keeps the peaks. */
final class MemorySampler implements AutoCloseable {

    static final List<String> PROCESSES = List.of("kafka", "inference-service", "gateway-service");

    private final LocalStack stack;
    private final Map<String, Long> peaks = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

    MemorySampler(LocalStack stack) {
        this.stack = stack;
    }

    MemorySampler start() {
        sampler.scheduleAtFixedRate(() -> PROCESSES.forEach(p -> peaks.merge(p, stack.residentMiB(p), Math::max)),
                0, 1, TimeUnit.SECONDS);
        return this;
    }

    void stop() {
        sampler.shutdownNow();
    }

    @Override
    public void close() {
        stop();
    }

    /** The peak of one process in MiB, -1 when it never ran. */
    long peak(String process) {
        return peaks.getOrDefault(process, -1L);
    }

    String peaks() {
        List<String> parts = new ArrayList<>();
        PROCESSES.forEach(p -> parts.add(p + " " + peak(p) + " MiB"));
        return String.join(", ", parts);
    }
}
