package org.tensorshell.bench;

import java.util.Arrays;

/** Median-of-repetitions timing, the same method as bench/torch_bench.py uses for PyTorch. */
final class Timing {
    private Timing() {}

    /** Median seconds per call of {@code body}, each repetition running it {@code inner} times. */
    static double median(Runnable body, int reps, int inner) {
        // Warm up for two seconds (the JIT compiles the hot paths; PyTorch's C++ needs no warm-up), so the
        // median measures steady state as PyTorch's does.
        warmUp(() -> {
            for (int i = 0; i < inner; i++) body.run();
        });
        return measured(body, reps, inner);
    }

    /** As {@link #median}, without the warm-up: for later rounds of a workload already warmed up. */
    static double measured(Runnable body, int reps, int inner) {
        double[] t = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < inner; i++) body.run();
            t[r] = (System.nanoTime() - t0) / 1e9 / inner;
        }
        Arrays.sort(t);
        return t[reps / 2];
    }

    /**
     * Median seconds per call of {@code a} and of {@code b}, measured alternately (a, b, a, b, ...) after the
     * same warm-up, so that a slow phase of a shared machine falls on both alike: for ratios of two ways of
     * doing the same work.
     */
    static double[] medians(Runnable a, Runnable b, int reps) {
        warmUp(() -> {
            a.run();
            b.run();
        });
        return measuredPair(a, b, reps);
    }

    /** As {@link #medians}, without the warm-up. */
    static double[] measuredPair(Runnable a, Runnable b, int reps) {
        double[] ta = new double[reps], tb = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            a.run();
            long t1 = System.nanoTime();
            b.run();
            ta[r] = (t1 - t0) / 1e9;
            tb[r] = (System.nanoTime() - t1) / 1e9;
        }
        Arrays.sort(ta);
        Arrays.sort(tb);
        return new double[] {ta[reps / 2], tb[reps / 2]};
    }

    /** Runs {@code round} for two seconds, so that the JIT has compiled the hot paths before timing starts. */
    private static void warmUp(Runnable round) {
        long warmEnd = System.nanoTime() + 2_000_000_000L;
        do {
            round.run();
        } while (System.nanoTime() < warmEnd);
    }
}
