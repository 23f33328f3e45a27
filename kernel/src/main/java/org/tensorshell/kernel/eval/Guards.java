package org.tensorshell.kernel.eval;

/**
 * Stand-ins for the JVM exits. Cell bytecode is rewritten to call these instead of
 * {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt}, which would end the kernel
 * with every variable in it. Public because the rewritten cell classes call them.
 */
public final class Guards {
    private Guards() {
    }

    /** What a blocked exit throws. */
    public static final class ExitBlockedException extends RuntimeException {
        ExitBlockedException(String call, int status) {
            super(call + "(" + status + ") was blocked: it would end the kernel and lose every variable;"
                    + " use the notebook's restart to start afresh");
        }
    }

    public static void exit(int status) {
        throw new ExitBlockedException("System.exit", status);
    }

    public static void runtimeExit(Runtime runtime, int status) {
        throw new ExitBlockedException("Runtime.exit", status);
    }

    public static void runtimeHalt(Runtime runtime, int status) {
        throw new ExitBlockedException("Runtime.halt", status);
    }
}
