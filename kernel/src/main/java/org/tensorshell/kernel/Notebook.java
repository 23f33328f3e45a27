package org.tensorshell.kernel;

import java.util.Objects;
import java.util.UUID;

/**
 * Display functions for notebook cells. The kernel imports them statically, so a cell can write
 * {@code display(x)}, {@code updateDisplay(id, x)} and {@code clearOutput()}.
 */
public final class Notebook {
    /** What the kernel plugs in to publish displays; package-private by design. */
    interface Sink {
        void display(Object value, String displayId, boolean update);

        void clearOutput(boolean wait);
    }

    private static volatile Sink sink;

    private Notebook() {
    }

    static void install(Sink s) {
        sink = s;
    }

    /** Shows {@code value} below the cell and returns an id for {@link #updateDisplay}. */
    public static String display(Object value) {
        String id = UUID.randomUUID().toString();
        sink().display(value, id, false);
        return id;
    }

    /** Shows {@code value} under a display id of your choice (e.g. to update it later). */
    public static String display(Object value, String displayId) {
        sink().display(value, Objects.requireNonNull(displayId, "displayId"), false);
        return displayId;
    }

    /** Replaces, wherever it is shown, the output displayed under {@code displayId}. */
    public static void updateDisplay(String displayId, Object value) {
        sink().display(value, Objects.requireNonNull(displayId, "displayId"), true);
    }

    /** Clears this cell's output now. */
    public static void clearOutput() {
        sink().clearOutput(false);
    }

    /** Clears this cell's output; with {@code wait}, only when new output arrives (no flicker). */
    public static void clearOutput(boolean wait) {
        sink().clearOutput(wait);
    }

    private static Sink sink() {
        Sink s = sink;
        if (s == null) {
            throw new IllegalStateException("display functions work only inside the Tensorshell kernel");
        }
        return s;
    }
}
