package org.tensorshell.kernel;

/**
 * Timing of the kernel's own steps (start-up phases, where a cell's milliseconds go: each step's wall
 * time and the CPU time of the thread that marks it, so a step that waited for a core shows), written to
 * the kernel's log when {@code TENSORSHELL_TRACE=1} is set in the environment (or
 * {@code -Dtensorshell.trace=true}); costs nothing otherwise.
 */
final class Trace {
    static final boolean ON = "1".equals(System.getenv("TENSORSHELL_TRACE")) || Boolean.getBoolean("tensorshell.trace");

    private final String what;
    private final long start = System.nanoTime();
    private final StringBuilder steps = ON ? new StringBuilder() : null;
    private long last = start;
    private static final java.lang.management.ThreadMXBean THREADS =
            ON ? java.lang.management.ManagementFactory.getThreadMXBean() : null;
    private long lastCpu = ON ? THREADS.getCurrentThreadCpuTime() : 0;

    private Trace(String what) {
        this.what = what;
    }

    static Trace start(String what) {
        return new Trace(what);
    }

    /** Ends the step that began at the previous mark (or at the start). */
    void mark(String step) {
        if (ON) {
            long now = System.nanoTime(), cpu = THREADS.getCurrentThreadCpuTime();
            steps.append(' ').append(step).append(' ').append(String.format("%.1f (cpu %.1f)", (now - last) / 1e6, (cpu - lastCpu) / 1e6));
            last = now;
            lastCpu = cpu;
        }
    }

    void done() {
        if (ON) {
            Log.info(String.format("trace %s:%s; total %.1f ms", what, steps, (System.nanoTime() - start) / 1e6));
        }
    }
}
