package io.streetdigits.bench;

import java.util.Arrays;

/** Entry point of {@code ./streetdigits bench <name>}: measurements, not tests. */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals("inference")) {
            System.err.println("usage: benchmarks inference [--option value ...]");
            System.exit(2);
        }
        BenchOptions options = BenchOptions.parse(Arrays.copyOfRange(args, 1, args.length));
        System.exit(new InferenceBenchmark(options).run());
    }
}
