package io.streetdigits.bench;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * What the local stack did during the phases of a benchmark: the inference service's metrics added over the phases,
 * its metrics as they stood after the last one (for gauges), each process's CPU, and the phases' wall time.
 */
final class PhaseProfile {

    /** This benchmark's own process: its producer and consumer, which the service's clients would be. */
    static final String BENCHMARK = "benchmark";

    private final LocalStack stack;
    private final URI inference;
    private MetricsSnapshot added = MetricsSnapshot.empty();
    private MetricsSnapshot last = MetricsSnapshot.empty();
    private final Map<String, Double> cpuSeconds = new LinkedHashMap<>();
    private double seconds;

    PhaseProfile(LocalStack stack, URI inference) {
        this.stack = stack;
        this.inference = inference;
    }

    /** Runs a phase, profiled. */
    <T> T during(Callable<T> phase) throws Exception {
        MetricsSnapshot before = MetricsSnapshot.fetch(inference);
        Map<String, Double> cpuBefore = cpu();
        long start = System.nanoTime();
        T result = phase.call();
        seconds += (System.nanoTime() - start) / 1e9;
        Map<String, Double> cpuAfter = cpu();
        last = MetricsSnapshot.fetch(inference);
        added = added.plus(last.since(before));
        // NaN for a process that does not run (the gateway, which this benchmark does not need).
        cpuAfter.forEach((process, used) -> cpuSeconds.merge(process, used - cpuBefore.get(process), Double::sum));
        return result;
    }

    private Map<String, Double> cpu() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        MemorySampler.PROCESSES.forEach(process -> cpu.put(process, stack.cpuSeconds(process)));
        cpu.put(BENCHMARK, ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos)
                .orElse(0L) / 1e9);
        return cpu;
    }

    /** The service's counters, timers' sums and counts, added over the phases. */
    MetricsSnapshot metrics() {
        return added;
    }

    /** The service's metrics after the last phase. */
    MetricsSnapshot lastMetrics() {
        return last;
    }

    /** A process's CPU over the phases, in cores (1.0 = one core busy all the time). */
    double cores(String process) {
        return cpuSeconds.getOrDefault(process, Double.NaN) / seconds;
    }
}
