package org.tensorshell.core;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Intra-op parallelism: large ops split their index range into one chunk per thread. Small ops run on
 * the caller's thread, so there is no hand-off cost where it would dominate. The chunking depends only on
 * the size and the thread count, never on timing, so results are reproducible.
 */
public final class Parallel {
    private Parallel() {}

    /**
     * Below this many elements (of simple work) an op runs on one thread. Handing a chunk to a pool thread and
     * joining it costs 25-30 us on the 2-core machines we measure on (the worker has parked and must be woken):
     * an add of 65,536 floats took 9 us on one thread and 36 us split in two, one of 200,704 floats 19 us and
     * 39 us; from about a million on, two threads win. (PyTorch's grain is 32,768, with spinning OpenMP threads.)
     */
    public static final int GRAIN = 1 << 18;

    private static volatile int numThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static volatile ForkJoinPool pool;

    public interface RangeBody { void run(int start, int end); }

    public static int numThreads() { return numThreads; }

    public static void setNumThreads(int n) {
        if (n < 1) throw new TensorError("setNumThreads: expected a positive thread count, got " + n);
        numThreads = n;
        Backends.setNumThreads(n);
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                if (pool == null) pool = new ForkJoinPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
                p = pool;
            }
        }
        return p;
    }

    /** Runs {@code body} over [0, total), split into chunks of at least {@code grain} elements. */
    public static void range(int total, int grain, RangeBody body) {
        int threads = numThreads;
        int chunks = (int) Math.min(threads, Math.max(1, (long) total / Math.max(grain, 1)));
        if (chunks <= 1 || Thread.currentThread() instanceof java.util.concurrent.ForkJoinWorkerThread) {
            body.run(0, total);
            return;
        }
        int per = (total + chunks - 1) / chunks;
        List<Future<?>> futures = new ArrayList<>(chunks - 1);
        ForkJoinPool p = pool();
        for (int c = 1; c < chunks; c++) {
            int s = c * per, e = Math.min(total, s + per);
            if (s < e) futures.add(p.submit(() -> body.run(s, e)));
        }
        RuntimeException first = null;
        try {
            body.run(0, Math.min(per, total));
        } catch (RuntimeException ex) {
            first = ex;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException ex) {
                futures.forEach(g -> g.cancel(true));
                Thread.currentThread().interrupt();
                throw new CancellationError("interrupted");
            } catch (ExecutionException ex) {
                if (first == null) {
                    first = ex.getCause() instanceof RuntimeException r ? r : new RuntimeException(ex.getCause());
                }
            }
        }
        if (first != null) throw first;
    }

    /** Raised when the thread running an op is interrupted (a notebook's stop button). */
    public static final class CancellationError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public CancellationError(String msg) { super(msg); }
    }

    /** Throws if the current thread was interrupted; long loops call this between chunks. */
    public static void checkInterrupt() {
        if (Thread.currentThread().isInterrupted()) throw new CancellationError("interrupted");
    }
}
