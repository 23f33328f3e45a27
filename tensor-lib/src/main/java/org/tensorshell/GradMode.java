package org.tensorshell;

/**
 * Whether ops record the autograd graph on this thread. Scopes nest: each restores the mode it found.
 * {@code try (var g = noGrad()) { ... }}.
 */
public final class GradMode implements AutoCloseable {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private final boolean previous;
    private final Thread owner;

    private GradMode(boolean enabled) {
        boolean[] state = ENABLED.get();
        this.previous = state[0];
        this.owner = Thread.currentThread();
        state[0] = enabled;
    }

    /** A scope in which ops do not record gradients. */
    static GradMode scope(boolean enabled) { return new GradMode(enabled); }

    /** Whether gradients are recorded on the current thread. */
    public static boolean isEnabled() { return ENABLED.get()[0]; }

    static void set(boolean enabled) { ENABLED.get()[0] = enabled; }

    @Override
    public void close() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a grad-mode scope must be closed on the thread that opened it");
        }
        ENABLED.get()[0] = previous;
    }
}
