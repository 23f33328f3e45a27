package org.tensorshell.data;

import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.tensorshell.core.Parallel;

/**
 * One pass over a {@link BatchLoader}. With workers, a window of upcoming batches is always in flight:
 * batch {@code k + depth} is submitted as batch {@code k} is handed out, and results are taken in order, so
 * the sequence never depends on which worker finished first.
 *
 * <p>Shutdown: the workers stop when the pass ends, when {@link #close()} is called, when a batch fails,
 * or when the consumer is interrupted; if a loop simply breaks out, the in-flight batches finish and the
 * idle workers exit after a moment (and at once when this iterator is garbage collected). They are daemon
 * threads, so they never keep the JVM alive.
 */
public final class BatchIterator<B> implements Iterator<B>, AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicInteger LOADERS = new AtomicInteger();
    private static final long IDLE_MILLIS = 200;

    private final int[][] plan;
    private final Function<int[], B> fetch;
    private final int depth;
    private final Duration timeout;
    private final ThreadPoolExecutor pool;
    private final Cleaner.Cleanable cleanable;
    private final ArrayDeque<Future<B>> window = new ArrayDeque<>();
    private int next;
    private int submitted;
    private boolean closed;

    BatchIterator(int[][] plan, Function<int[], B> fetch, int numWorkers, int depth, Duration timeout) {
        this.plan = plan;
        this.fetch = fetch;
        this.depth = depth;
        this.timeout = timeout;
        if (numWorkers > 0 && plan.length > 0) {
            pool = new ThreadPoolExecutor(numWorkers, numWorkers, IDLE_MILLIS, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), daemonThreads());
            pool.allowCoreThreadTimeOut(true);
            ThreadPoolExecutor p = pool;
            cleanable = CLEANER.register(this, p::shutdownNow);
            topUp();
        } else {
            pool = null;
            cleanable = null;
        }
    }

    private static ThreadFactory daemonThreads() {
        int id = LOADERS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "DataLoader-" + id + "-worker-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }

    /** Index of the batch the next call to {@link #next()} returns. */
    public int position() { return next; }

    /** Number of batches in this pass. */
    public int size() { return plan.length; }

    @Override
    public boolean hasNext() { return !closed && next < plan.length; }

    @Override
    public B next() {
        if (!hasNext()) throw new NoSuchElementException("DataLoader: no more batches (" + plan.length + " per pass)");
        if (pool == null) {
            Parallel.checkInterrupt();
            B b = fetch.apply(plan[next++]);
            if (next == plan.length) close();
            return b;
        }
        topUp();
        Future<B> head = window.poll();
        B b = await(head);
        next++;
        topUp();
        if (next == plan.length) close();
        return b;
    }

    private void topUp() {
        Function<int[], B> f = fetch;
        while (submitted < plan.length && window.size() < depth) {
            int[] indices = plan[submitted++];
            window.add(pool.submit(() -> f.apply(indices)));
        }
    }

    private B await(Future<B> head) {
        try {
            return timeout == null ? head.get() : head.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new Parallel.CancellationError("DataLoader: interrupted while waiting for batch " + next);
        } catch (TimeoutException e) {
            close();
            throw BatchLoader.timedOut(next, timeout);
        } catch (CancellationException e) {
            close();
            throw new Parallel.CancellationError("DataLoader: batch " + next + " was cancelled");
        } catch (ExecutionException e) {
            close();
            // The worker's own exception, so callers catch the same type as with numWorkers(0).
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new RuntimeException("DataLoader worker failed on batch " + next, cause);
        }
    }

    /** Stops the workers and abandons the batches in flight; later calls to {@link #hasNext()} return false. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (pool != null) {
            for (Future<B> f : window) f.cancel(true);
            window.clear();
            cleanable.clean();
        }
    }
}
