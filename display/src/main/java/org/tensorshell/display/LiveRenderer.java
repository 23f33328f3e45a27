package org.tensorshell.display;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Draws live displays (the {@link TrainingMonitor}'s chart) on one daemon thread, so that a training loop
 * never waits for Java2D or the PNG encoder. A job requested again before its turn runs once: it draws the
 * state at the time it runs, so the latest state wins and a slow renderer never builds a backlog.
 */
final class LiveRenderer {
    private static final LinkedBlockingQueue<Runnable> QUEUE = new LinkedBlockingQueue<>();
    private static final Set<Runnable> QUEUED = ConcurrentHashMap.newKeySet();
    private static Thread thread;

    private LiveRenderer() {}

    /** Runs {@code job} soon on the renderer thread, unless it is already waiting to run. */
    static void request(Runnable job) {
        if (!QUEUED.add(job)) return;
        start();
        QUEUE.add(job);
    }

    private static synchronized void start() {
        if (thread != null) return;
        thread = new Thread(LiveRenderer::loop, "tensorshell-live-display");
        thread.setDaemon(true);
        thread.start();
    }

    private static void loop() {
        while (true) {
            Runnable job;
            try {
                job = QUEUE.take();
            } catch (InterruptedException e) {
                continue; // nothing owns this thread but the JVM: interrupts come from stray code, keep serving
            }
            QUEUED.remove(job);
            try {
                job.run();
            } catch (Throwable t) {
                // a job handles its own display failures; anything else must not end the thread for every other display
                System.err.println("live display: " + t);
            }
        }
    }
}
