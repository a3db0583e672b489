package io.streetdigits.bench;

import java.util.Arrays;

/** Entry point of {@code ./streetdigits bench <name>}: measurements, not tests. */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String name = args.length == 0 ? "" : args[0];
        BenchOptions options = BenchOptions.parse(Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
        int status;
        try {
            status = switch (name) {
                case "inference" -> new InferenceBenchmark(options).run();
                case "load" -> new LoadBenchmark(options).run();
                case "faults" -> new FaultsBenchmark(options).run();
                case "compare" -> new ModelComparison(options).run();
                case "latency" -> new LatencyBenchmark(options).run();
                case "batch" -> new BatchBenchmark(options).run();
                default -> {
                    System.err.println("usage: benchmarks inference|load|faults|compare|latency|batch [--option value ...]");
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            // A wrong option or model: the message says which; a stack trace would bury it.
            System.err.println("bench " + name + ": " + e.getMessage());
            status = 2;
        }
        System.exit(status);
    }
}
