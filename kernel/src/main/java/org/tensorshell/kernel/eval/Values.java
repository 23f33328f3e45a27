package org.tensorshell.kernel.eval;

/**
 * Hand-off of a cell's final value from the cell thread to the kernel. Public because the
 * statement that the kernel compiles for a cell's final expression calls {@link #put}.
 */
public final class Values {
    private static final Object NONE = new Object();
    private static volatile Object value = NONE;

    private Values() {
    }

    public static void put(Object v) {
        value = v;
    }

    static void reset() {
        value = NONE;
    }

    static boolean present() {
        return value != NONE;
    }

    static Object take() {
        Object v = value;
        value = NONE;
        return v == NONE ? null : v;
    }
}
