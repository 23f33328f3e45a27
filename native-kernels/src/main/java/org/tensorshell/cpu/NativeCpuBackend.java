package org.tensorshell.cpu;

import java.nio.FloatBuffer;
import org.tensorshell.core.Backend;
import org.tensorshell.core.BinaryOp;
import org.tensorshell.core.Java22;
import org.tensorshell.core.Storage;

/**
 * CPU kernels in C (src/main/c) for what Java cannot do as fast:
 * <ul>
 *   <li>float32 add, sub, mul and div that write their output with streaming stores ({@code stream.c}), for
 *       outputs larger than the cache: an out-of-place add then moves three bytes of memory traffic for every
 *       three it needs instead of four, as fast as a memory copy (see {@link Backend.Streaming});</li>
 *   <li>float32 softmax and log_softmax over rows with AVX2 and FMA ({@code softmax.c}, see
 *       {@link Backend.SoftmaxRows}).</li>
 * </ul>
 *
 * <p>The library, libtskernels, is built with the module when a C compiler is present at build time (Maven
 * profile {@code native-cpu}, x86-64 Linux) and called through the foreign function API, so it needs JDK 22
 * or later at run time; otherwise, or with {@code -Dtensorshell.nativeCpu=off}, {@link #unavailableReason}
 * says why and the Java kernels do everything. {@code -Dtensorshell.stream=off} and
 * {@code -Dtensorshell.nativeSoftmax=off} switch off one part. Loaded on first use.
 */
public final class NativeCpuBackend implements Backend.Streaming, Backend.SoftmaxRows {
    public NativeCpuBackend() {}

    @Override public String name() { return "native-cpu"; }

    @Override public int priority() { return 100; }

    @Override public String unavailableReason() { return Holder.REASON; }

    @Override
    public boolean binary(BinaryOp op, FloatBuffer out, long outOffset, FloatBuffer a, long aOffset, FloatBuffer b,
                          long bOffset, int n) {
        Kernels k = Holder.KERNELS;
        return k != null && STREAM && k.binary(op, out, outOffset, a, aOffset, b, bOffset, n);
    }

    @Override
    public boolean softmax(Storage out, long outOffset, Storage in, long inOffset, int rows, int cols, boolean log) {
        Kernels k = Holder.KERNELS;
        return k != null && SOFTMAX && k.softmax(out, outOffset, in, inOffset, rows, cols, log);
    }

    /** Each part can be switched off alone, for comparisons: the Java kernels then do its work. */
    private static final boolean STREAM = !"off".equals(System.getProperty("tensorshell.stream")),
        SOFTMAX = !"off".equals(System.getProperty("tensorshell.nativeSoftmax"));

    /** Streaming-store calls made that wrote an output (for tests: whether the streaming path ran). */
    public static long streamCalls() {
        Kernels k = Holder.KERNELS;
        return k == null ? 0 : k.streamCalls();
    }

    /** Softmax calls made that wrote an output (for tests: whether the native softmax ran). */
    public static long softmaxCalls() {
        Kernels k = Holder.KERNELS;
        return k == null ? 0 : k.softmaxCalls();
    }

    /** The JDK 22 binding ({@code NativeKernels}). */
    interface Kernels {
        boolean binary(BinaryOp op, FloatBuffer out, long outOffset, FloatBuffer a, long aOffset, FloatBuffer b,
                       long bOffset, int n);

        boolean softmax(Storage out, long outOffset, Storage in, long inOffset, int rows, int cols, boolean log);

        long streamCalls();

        long softmaxCalls();
    }

    private static final class Holder {
        static final Kernels KERNELS;
        static final String REASON;

        static {
            Kernels k = null;
            String reason = null;
            if ("off".equals(System.getProperty("tensorshell.nativeCpu"))) {
                reason = "switched off (-Dtensorshell.nativeCpu=off)";
            } else {
                try {
                    k = Java22.load(java.lang.invoke.MethodHandles.lookup(), "org.tensorshell.cpu.NativeKernels", Kernels.class);
                } catch (IllegalStateException e) {
                    reason = e.getMessage();
                }
            }
            KERNELS = k;
            REASON = reason;
        }
    }
}
