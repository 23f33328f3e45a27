package org.tensorshell.core;

/**
 * A provider of kernels, found with {@link java.util.ServiceLoader}. The pure-Java reference backend
 * implements every primitive; a native backend implements the capability interfaces it accelerates
 * (such as {@link Gemm}) and is checked against the reference by the conformance suite.
 */
public interface Backend {
    /** Short name shown in diagnostics, e.g. {@code "openblas"}. */
    String name();

    /** Among backends offering the same capability, the highest priority that is available wins. */
    int priority();

    /** Null when usable; otherwise why not (library not loadable, no device...). */
    String unavailableReason();

    /** Told when {@code Torch.setNumThreads} changes the thread budget. */
    default void setNumThreads(int n) {}

    /**
     * Row-major general matrix product {@code C = alpha * op(A) @ op(B) + beta * C} for float32 and
     * float64, where op transposes when asked. Leading dimensions are in elements.
     */
    interface Gemm extends Backend {
        /** Whether this backend wants to run a product of this dtype and size (it may leave small ones). */
        boolean accepts(org.tensorshell.DType dtype, int m, int n, int k);

        void gemm(org.tensorshell.DType dtype, boolean transA, boolean transB, int m, int n, int k, double alpha,
                  Storage a, int aOffset, int lda, Storage b, int bOffset, int ldb, double beta,
                  Storage c, int cOffset, int ldc);
    }

    /**
     * Elementwise float32 ops that write their output with streaming (non-temporal) stores. An ordinary store
     * to a line not in the cache reads the line first (write-allocate); for outputs larger than the cache a
     * streaming store skips that read, a quarter of an out-of-place add's memory traffic. Results are bit for
     * bit those of the Java kernels; the caller decides when an output is large enough.
     */
    interface Streaming extends Backend {
        /**
         * {@code out[i] = op(a[i], b[i])} for {@code n} floats from the given element offsets, with streaming
         * stores; false, with nothing written, when this backend has no kernel for {@code op}, a buffer is not
         * direct, or {@code out} overlaps {@code a} or {@code b} (the caller's kernel then writes it).
         */
        boolean binary(BinaryOp op, java.nio.FloatBuffer out, long outOffset, java.nio.FloatBuffer a, long aOffset,
                       java.nio.FloatBuffer b, long bOffset, int n);
    }

    /**
     * Float32 softmax and log_softmax over contiguous rows, faster than the Java kernel (whose time goes to the
     * JDK's exp, exact to the last bit where softmax needs about 1e-7). Results agree with the Java kernel's
     * to float32 rounding, not bit for bit; special values behave alike: exp(-inf) is 0, a row holding a
     * NaN or +inf becomes NaN.
     */
    interface SoftmaxRows extends Backend {
        /**
         * {@code out} row r = softmax (or, with {@code log}, log_softmax) of {@code in} row r, for {@code rows}
         * rows of {@code cols} floats from the given element offsets of float32 storages, on the heap or off it;
         * false, with nothing written, when {@code out} overlaps {@code in} or this processor lacks the
         * kernel's instructions.
         */
        boolean softmax(Storage out, long outOffset, Storage in, long inOffset, int rows, int cols, boolean log);
    }

    /** A device other than the CPU (CUDA); absent until a GPU backend is installed. */
    interface Accelerator extends Backend {
        org.tensorshell.Device.Type deviceType();
    }
}
