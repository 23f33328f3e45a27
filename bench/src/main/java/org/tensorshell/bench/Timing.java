package org.tensorshell.bench;

import java.util.Arrays;

/** Median-of-repetitions timing, the same method as bench/torch_bench.py uses for PyTorch. */
final class Timing {
    private Timing() {}

    /** Median seconds per call of {@code body}, each repetition running it {@code inner} times. */
    static double median(Runnable body, int reps, int inner) {
        body.run();
        body.run();
        // warm the JIT properly for small ops
        for (int i = 0; i < Math.min(inner, 20_000); i++) body.run();
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
