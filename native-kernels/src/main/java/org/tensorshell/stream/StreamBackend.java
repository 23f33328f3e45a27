package org.tensorshell.stream;

import java.nio.FloatBuffer;
import org.tensorshell.core.Backend;
import org.tensorshell.core.BinaryOp;
import org.tensorshell.core.Java22;

/**
 * Float32 add, sub, mul and div that write their output with streaming stores (src/main/c/stream.c), for
 * outputs larger than the cache: an out-of-place add then moves three bytes of memory traffic for every
 * three it needs instead of four, as fast as a memory copy (see {@link Backend.Streaming}).
 *
 * <p>The library is built with the module when a C compiler is present at build time (Maven profile
 * {@code native-stream}, x86-64 Linux) and called through the foreign function API, so it needs JDK 22 or
 * later at run time; otherwise, or with {@code -Dtensorshell.stream=off}, {@link #unavailableReason} says
 * why and the Java kernels write every output. Loaded on first use.
 */
public final class StreamBackend implements Backend.Streaming {
    public StreamBackend() {}

    @Override public String name() { return "stream"; }

    @Override public int priority() { return 100; }

    @Override public String unavailableReason() { return Holder.REASON; }

    @Override
    public boolean binary(BinaryOp op, FloatBuffer out, long outOffset, FloatBuffer a, long aOffset, FloatBuffer b,
                          long bOffset, int n) {
        Kernels k = Holder.KERNELS;
        return k != null && k.binary(op, out, outOffset, a, aOffset, b, bOffset, n);
    }

    /** Calls made that wrote an output (for tests: whether the streaming path ran). */
    public static long calls() {
        Kernels k = Holder.KERNELS;
        return k == null ? 0 : k.calls();
    }

    /** The JDK 22 binding ({@code NativeStream}). */
    interface Kernels {
        boolean binary(BinaryOp op, FloatBuffer out, long outOffset, FloatBuffer a, long aOffset, FloatBuffer b,
                       long bOffset, int n);

        long calls();
    }

    private static final class Holder {
        static final Kernels KERNELS;
        static final String REASON;

        static {
            Kernels k = null;
            String reason = null;
            if ("off".equals(System.getProperty("tensorshell.stream"))) {
                reason = "switched off (-Dtensorshell.stream=off)";
            } else {
                try {
                    k = Java22.load(java.lang.invoke.MethodHandles.lookup(), "org.tensorshell.stream.NativeStream", Kernels.class);
                } catch (IllegalStateException e) {
                    reason = e.getMessage();
                }
            }
            KERNELS = k;
            REASON = reason;
        }
    }
}
