package org.tensorshell.kernel;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Lets background work (JShell's class-path indexer) run only while the kernel is idle: it is
 * held from the moment a request starts and let go once no request has run for
 * {@code quietMillis}, and not before {@link #open()} (the end of start-up). Requests from several
 * channel threads may overlap, so busy periods are counted.
 */
final class IdleGate {
    private final Runnable hold;
    private final Runnable release;
    private final long quietMillis;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tensorshell-idle");
        t.setDaemon(true);
        return t;
    });
    private int busy;
    private boolean open;
    private boolean held = true;
    private ScheduledFuture<?> pending;

    /** The work starts out held; {@code hold} and {@code release} switch it. */
    IdleGate(Runnable hold, Runnable release, long quietMillis) {
        this.hold = hold;
        this.release = release;
        this.quietMillis = quietMillis;
    }

    /** Start-up is over: from now on the work may run whenever the kernel is quiet. */
    synchronized void open() {
        open = true;
        schedule();
    }

    synchronized void begin() {
        busy++;
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
        if (!held && open) {
            hold.run();
            held = true;
        }
    }

    synchronized void end() {
        busy--;
        schedule();
    }

    private void schedule() {
        if (open && held && busy == 0 && pending == null) {
            pending = timer.schedule(this::quiet, quietMillis, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void quiet() {
        pending = null;
        if (open && held && busy == 0) {
            held = false;
            release.run();
        }
    }
}
