package org.tensorshell.kernel.io;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Coalesces output: the first write after a quiet period wakes this thread, which waits a few
 * milliseconds for more text and then publishes all streams in one go. The end of a cell
 * publishes directly, so a cell's reply never waits for this delay.
 */
public final class Flusher {
    private static final long COALESCE_NANOS = 10_000_000L;

    private final List<StreamOut> streams = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean pending;

    public Flusher() {
        Thread t = new Thread(this::loop, "tensorshell-output");
        t.setDaemon(true);
        t.start();
    }

    public void add(StreamOut s) {
        streams.add(s);
    }

    void schedule() {
        lock.lock();
        try {
            if (!pending) {
                pending = true;
                wake.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Publishes all buffered output now, in stream order. */
    public void publishAll() {
        for (StreamOut s : streams) {
            s.publish();
        }
    }

    private void loop() {
        while (true) {
            try {
                lock.lock();
                try {
                    while (!pending) {
                        wake.await();
                    }
                    wake.awaitNanos(COALESCE_NANOS);
                    pending = false;
                } finally {
                    lock.unlock();
                }
                publishAll();
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) { // keep publishing after an OutOfMemoryError in a cell
                pending = false;
            }
        }
    }
}
