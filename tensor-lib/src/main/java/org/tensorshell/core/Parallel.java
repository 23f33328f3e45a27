package org.tensorshell.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Intra-op parallelism: large ops split their index range into one chunk per thread. Small ops run on
 * the caller's thread, so there is no hand-off cost where it would dominate. Chunk boundaries depend only
 * on the size and the thread count; a range that cannot have the workers (inside another range, or while
 * another thread's op holds them) runs whole on its caller. Tensor ops compute each index (or fixed block)
 * on its own, so results never depend on the chunking or on which thread ran a chunk.
 */
public final class Parallel {
    private Parallel() {}

    /**
     * Below this many elements (of simple work) an op runs on one thread. Handing a chunk to a worker and
     * joining it costs 25-30 us on the 2-core machines we measure on when the worker has parked and must be woken:
     * an add of 65,536 floats took 9 us on one thread and 36 us split in two, one of 200,704 floats 19 us and
     * 39 us; from about a million on, two threads win. (PyTorch's grain is 32,768, with spinning OpenMP threads.)
     */
    public static final int GRAIN = 1 << 18;

    private static volatile int numThreads = Math.max(1, Runtime.getRuntime().availableProcessors());

    public interface RangeBody { void run(int start, int end); }

    public static int numThreads() { return numThreads; }

    public static void setNumThreads(int n) {
        if (n < 1) throw new TensorError("setNumThreads: expected a positive thread count, got " + n);
        numThreads = n;
        Backends.setNumThreads(n);
    }

    /** Runs {@code body} over [0, total), split into chunks of at least {@code grain} elements. */
    public static void range(int total, int grain, RangeBody body) {
        int threads = numThreads;
        int chunks = (int) Math.min(threads, Math.max(1, (long) total / Math.max(grain, 1)));
        if (chunks <= 1 || Thread.currentThread() instanceof Worker) {
            body.run(0, total);
            return;
        }
        Team team = Team.INSTANCE;
        // a range inside a chunk of the caller's own op, or while another thread's op holds the workers: on this thread
        if (team.lock.isHeldByCurrentThread() || !team.lock.tryLock()) {
            body.run(0, total);
            return;
        }
        try {
            team.run(total, chunks, body);
        } finally {
            team.lock.unlock();
        }
    }

    /**
     * How long a worker (and a caller waiting for its workers) spins before it parks, as OpenMP's threads
     * under PyTorch spin between parallel regions: within a loop of ops the next one's chunks start at once.
     * Waking a parked thread takes 25-30 us on an idle machine and often far longer on a busy host: a
     * 4096x1000 softmax ran at one thread's speed (2.9 ms) with parking workers, 1.5 ms with spinning ones.
     * {@code -Dtensorshell.spinMicros} changes it.
     */
    static final long SPIN_NANOS = Long.getLong("tensorshell.spinMicros", 1000) * 1000;

    /**
     * The threads that run the chunks of {@link #range} besides the caller's own, one op at a time. The
     * caller and the workers claim chunks in turn until none is left, so a worker the system has not
     * scheduled yet (the JIT's threads or a collection may have its core) costs no more than running
     * its chunk on the caller: a fixed chunk per thread made a split product wait for a thread that had
     * not started, slower than not splitting. The chunks themselves depend only on the size and the
     * thread count. A worker that finished spins for {@link #SPIN_NANOS} waiting for the next op, then parks.
     */
    private static final class Team {
        static final Team INSTANCE = new Team();

        final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        private final List<Worker> workers = new ArrayList<>();
        /** The op whose chunks are being claimed; a worker woken late finds the current one, or none. */
        private volatile Job current;
        private long sequence;

        /** Runs one op's chunks on the caller and up to {@code chunks - 1} workers. Holds {@link #lock}. */
        void run(int total, int chunks, RangeBody body) {
            while (workers.size() < chunks - 1) {
                Worker w = new Worker(this, workers.size() + 1);
                workers.add(w);
                w.start();
            }
            Job job = new Job(body, total, chunks);
            current = job;
            long seq = ++sequence;
            for (int i = 0; i < chunks - 1; i++) workers.get(i).post(seq);
            job.work();
            boolean interrupted = job.await(); // before anything is thrown: the workers write into the op's output
            current = null;
            Throwable first = job.failure;
            if (first instanceof RuntimeException ex) throw ex;
            if (first instanceof Error ex) throw ex;
            if (interrupted) throw new CancellationError("interrupted");
        }
    }

    /** One op's chunks, claimed in turn by the caller and the workers (each claim reads only this op's state). */
    private static final class Job {
        private final RangeBody body;
        private final int total, per, chunks;
        private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger pending;
        private volatile Thread waiter;
        private volatile boolean cancelled;
        private volatile Throwable failure;

        Job(RangeBody body, int total, int chunks) {
            this.body = body;
            this.total = total;
            this.per = (total + chunks - 1) / chunks;
            this.chunks = chunks;
            this.pending = new java.util.concurrent.atomic.AtomicInteger(chunks);
        }

        /** Claims and runs chunks until none is left; the last one done wakes the waiting caller. */
        void work() {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                try {
                    int s = c * per, e = Math.min(total, s + per);
                    if (s < e && !cancelled) body.run(s, e);
                } catch (Throwable ex) {
                    if (failure == null) failure = ex;
                    cancelled = true;
                } finally {
                    if (pending.decrementAndGet() == 0) {
                        Thread w = waiter;
                        if (w != null) LockSupport.unpark(w);
                    }
                }
            }
        }

        /** Waits (spinning, then parked) until every chunk is done; true when the caller was interrupted. */
        boolean await() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            boolean interrupted = false;
            while (pending.get() != 0) {
                if (!interrupted && Thread.currentThread().isInterrupted()) {
                    interrupted = true;
                    cancelled = true; // the workers' checkInterrupt stops their chunks too
                }
                if (interrupted || System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    waiter = Thread.currentThread();
                    if (pending.get() != 0) LockSupport.parkNanos(this, 1_000_000L);
                    waiter = null;
                }
            }
            return interrupted;
        }
    }

    /**
     * The workers' nice value: the lowest priority, so that a spinning worker takes only a core nobody else
     * wants. While the JIT still compiles (the first seconds of a loop) a worker at the default priority
     * took its core, and an MLP step with split products ran at 1.2-1.5 ms instead of 0.75 unsplit; at
     * the lowest it yields, and the caller claims the chunks it has not started.
     */
    static final int NICE = 19;

    /** Lowers the calling thread's nice value (JDK 22+, Linux); does nothing where that is not possible. */
    static void lowerPriority(int nice) {
        java.util.function.IntPredicate setNice = Java22.instance("ThreadNice", java.util.function.IntPredicate.class);
        if (setNice != null) setNice.test(nice); // otherwise the default priority
    }

    /** A thread of the {@link Team}. */
    private static final class Worker extends Thread {
        private final Team team;
        private volatile long posted;
        private volatile boolean parked;
        private volatile Job running;
        private long done;

        Worker(Team team, int index) {
            super("tensorshell-parallel-" + index);
            this.team = team;
            setDaemon(true);
        }

        void post(long seq) {
            posted = seq;
            if (parked) LockSupport.unpark(this);
        }

        @Override
        public void run() {
            lowerPriority(NICE);
            while (true) {
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                while (posted == done) {
                    if (System.nanoTime() < spinUntil) {
                        Thread.onSpinWait();
                    } else {
                        parked = true;
                        if (posted == done) LockSupport.park(this);
                        parked = false;
                    }
                }
                done = posted;
                Thread.interrupted(); // a stray interrupt must not cut the next op's chunk short
                Job job = team.current;
                if (job != null) {
                    running = job;
                    job.work();
                    running = null;
                }
            }
        }

        boolean cancelled() {
            Job job = running;
            return job != null && job.cancelled;
        }
    }

    /** Raised when the thread running an op is interrupted (a notebook's stop button). */
    public static final class CancellationError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public CancellationError(String msg) { super(msg); }
    }

    /** Throws if the current thread was interrupted; long loops call this between chunks. */
    public static void checkInterrupt() {
        Thread t = Thread.currentThread();
        if (t.isInterrupted() || t instanceof Worker w && w.cancelled()) throw new CancellationError("interrupted");
    }
}
