package org.tensorshell.bench;

import java.util.Arrays;

/** Median-of-repetitions timing, the same method as bench/torch_bench.py uses for PyTorch. */
final class Timing {
    private Timing() {}

    /** Median seconds per call of {@code body}, each repetition running it {@code inner} times. */
    static double median(Runnable body, int reps, int inner) {
        // Warm up until steady (the JIT compiles the hot paths; PyTorch's C++ needs no warm-up), so the
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

    /**
     * Runs {@code round} until the JIT has compiled its hot paths: for two seconds, then on in windows of a
     * second until three windows in a row have not run faster (median time of a round, by 3%) than the best
     * window before them, at most 20 seconds in all. The compilations of a workload's code come in stages
     * over several seconds (a training step's: about five), with stretches between them that look flat.
     */
    private static void warmUp(Runnable round) {
        long start = System.nanoTime();
        do {
            round.run();
        } while (System.nanoTime() - start < 2_000_000_000L);
        double best = Double.MAX_VALUE;
        int flat = 0;
        while (flat < 3 && System.nanoTime() - start < 20_000_000_000L) {
            double window = windowMedian(round);
            if (window < 0.97 * best) {
                best = window;
                flat = 0;
            } else {
                flat++;
            }
        }
    }

    /** The median time of a round over a second of rounds. */
    private static double windowMedian(Runnable round) {
        java.util.ArrayList<Long> times = new java.util.ArrayList<>();
        long end = System.nanoTime() + 1_000_000_000L;
        long t;
        do {
            long t0 = System.nanoTime();
            round.run();
            t = System.nanoTime();
            times.add(t - t0);
        } while (t < end);
        java.util.Collections.sort(times);
        return times.get(times.size() / 2);
    }
}
