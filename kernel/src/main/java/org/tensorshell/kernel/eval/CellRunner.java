package org.tensorshell.kernel.eval;

import java.io.InterruptedIOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs notebook code on a fresh worker thread while the calling kernel thread waits and serves
 * what the code asks of the frontend (stdin lines). Stopping sets JShell's stop flag (checked by
 * the instrumented cell code at every loop back-edge and method entry, see {@link CellControl})
 * and interrupts every thread of the cell's thread group, which ends blocking calls and library
 * loops that honour {@link Thread#isInterrupted()}.
 */
public final class CellRunner {
    /** Asks the frontend for a line; returns null if {@code cancelled} turns true first. */
    public interface InputService {
        String ask(String prompt, boolean password, BooleanSupplier cancelled);
    }

    /** Thrown by {@link #run} when stopped code did not end within the grace period. */
    public static final class StuckException extends Exception {
        StuckException(String threadName) {
            super("the interrupted code did not stop within " + GRACE_MILLIS + " ms; its thread '"
                    + threadName + "' keeps running in the background");
        }
    }

    static final long GRACE_MILLIS = 3000;
    private static final long STACK_BYTES = 64L << 20;

    private sealed interface Event {
    }

    private record Done(Object value, Throwable error) implements Event {
    }

    private record Input(String prompt, boolean password, CompletableFuture<String> answer) implements Event {
    }

    private final class Run {
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        final ThreadGroup group = new ThreadGroup("tensorshell-cell");
        volatile boolean stopped;
        Thread worker;
    }

    private volatile Run current;
    private volatile InputService input = (p, pw, c) -> null;
    private int counter;

    public void inputService(InputService service) {
        this.input = service;
    }

    /** Runs {@code body} on a new thread and returns its result; its exception is rethrown as is. */
    public Object run(Callable<Object> body) throws Throwable {
        Run run = new Run();
        Thread worker = new Thread(run.group, () -> {
            Object value = null;
            Throwable error = null;
            try {
                value = body.call();
            } catch (Throwable t) {
                error = t;
            }
            run.events.add(new Done(value, error));
        }, "tensorshell-cell-" + (++counter), STACK_BYTES);
        worker.setDaemon(true);
        run.worker = worker;
        current = run;
        try {
            worker.start();
            return await(run);
        } finally {
            current = null;
        }
    }

    private Object await(Run run) throws Throwable {
        long stopDeadline = 0;
        while (true) {
            Event e;
            if (run.stopped) {
                if (stopDeadline == 0) {
                    stopDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
                }
                e = run.events.poll(Math.max(0, stopDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e == null) {
                    throw new StuckException(run.worker.getName());
                }
            } else {
                // Wake periodically to notice a stop that arrived while nothing was queued.
                e = run.events.poll(100, TimeUnit.MILLISECONDS);
                if (e == null) {
                    continue;
                }
            }
            switch (e) {
                case Done d -> {
                    run.worker.join(200); // it is on its way out: make "finished" mean "no thread left"
                    if (d.error() != null) {
                        throw d.error();
                    }
                    return d.value();
                }
                case Input in -> in.answer().complete(input.ask(in.prompt(), in.password(), () -> run.stopped));
            }
        }
    }

    /** True while some code runs. */
    public boolean busy() {
        return current != null;
    }

    /** True if the running (or just finished) code was asked to stop. */
    public boolean stopRequested() {
        Run r = current;
        return r != null && r.stopped;
    }

    /** Interrupts the running code, if any; returns whether there was some. */
    public boolean stop() {
        Run r = current;
        if (r == null) {
            return false;
        }
        r.stopped = true;
        Thread[] threads = new Thread[r.group.activeCount() + 8];
        int n = r.group.enumerate(threads);
        for (int i = 0; i < n; i++) {
            threads[i].interrupt();
        }
        return true;
    }

    /**
     * Called from a cell's thread (System.in): asks the kernel thread to request a line from the
     * frontend and waits for it. Null (end of file) when no cell is running.
     */
    public String readLine(String prompt, boolean password) throws InterruptedIOException {
        Run r = current;
        if (r == null) {
            return null;
        }
        CompletableFuture<String> answer = new CompletableFuture<>();
        r.events.add(new Input(prompt, password, answer));
        try {
            return answer.get();
        } catch (InterruptedException e) {
            throw new InterruptedIOException("input interrupted");
        } catch (ExecutionException e) {
            return null;
        }
    }
}
