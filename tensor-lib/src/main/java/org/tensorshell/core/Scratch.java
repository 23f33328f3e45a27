package org.tensorshell.core;

import java.util.ArrayList;

/**
 * Off-heap storages that an internal computation allocates on its own thread and that nothing outside it
 * can reach when it ends, given back to the pool at that moment instead of when a collection finds them.
 *
 * <p>The autograd engine opens one per backward pass: its gradient temporaries (hundreds of KiB per layer)
 * would otherwise wait for the garbage collector, and meanwhile every step would map and fault in fresh
 * pages. A storage that may be seen from outside (a {@code .grad}, a hook's argument, a returned gradient)
 * is marked with {@link Storage#markEscaped()} and is left to the collector as usual. Code that runs user
 * callbacks inside the computation {@link #suspend()}s it, so nothing the callback allocates is tracked.
 * A released storage's buffer is detached, so a missed escape fails loudly instead of reading reused memory.
 */
public final class Scratch implements AutoCloseable {
    private static final ThreadLocal<Scratch> CURRENT = new ThreadLocal<>();

    private final Scratch outer;
    private final ArrayList<Storage> owned = new ArrayList<>();

    private Scratch(Scratch outer) { this.outer = outer; }

    /** Starts tracking this thread's off-heap allocations until {@link #close()}. */
    public static Scratch open() {
        Scratch s = new Scratch(CURRENT.get());
        CURRENT.set(s);
        return s;
    }

    /** Stops tracking until the returned handle is closed (for user code run inside a tracked computation). */
    public static Suspension suspend() {
        Scratch s = CURRENT.get();
        if (s != null) CURRENT.set(null);
        return new Suspension(s);
    }

    /** Restores the tracking that {@link #suspend()} paused. */
    public static final class Suspension implements AutoCloseable {
        private final Scratch previous;

        private Suspension(Scratch previous) { this.previous = previous; }

        @Override
        public void close() {
            if (previous != null) CURRENT.set(previous);
        }
    }

    static void register(Storage s) {
        Scratch sc = CURRENT.get();
        if (sc != null) sc.owned.add(s);
    }

    /** Gives back every tracked storage that did not escape, and ends tracking. */
    @Override
    public void close() {
        CURRENT.set(outer);
        for (Storage s : owned) s.releaseEarly();
        owned.clear();
    }
}
