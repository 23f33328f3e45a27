package org.tensorshell.bench;

import java.util.Arrays;

/** Median-of-repetitions timing, the same method as bench/torch_bench.py uses for PyTorch. */
final class Timing {
    private Timing() {}

    /** Median seconds per call of {@code body}, each repetition running it {@code inner} times. */
    static double median(Runnable body, int reps, int inner) {
        // Warm up for two seconds (the JIT compiles the hot paths; PyTorch's C++ needs no warm-up), so the
        // median measures steady state as PyTorch's does.
        long warmEnd = System.nanoTime() + 2_000_000_000L;
        do {
            for (int i = 0; i < inner; i++) body.run();
        } while (System.nanoTime() < warmEnd);
        double[] t = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < inner; i++) body.run();
            t[r] = (System.nanoTime() - t0) / 1e9 / inner;
        }
        Arrays.sort(t);
        return t[reps / 2];
    }
}
