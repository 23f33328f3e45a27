package org.tensorshell.openblas;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.tensorshell.DType;
import org.tensorshell.core.Backend;
import org.tensorshell.core.Parallel;
import org.tensorshell.core.Storage;

/**
 * Matrix products through OpenBLAS (bytedeco's build, loaded with JavaCPP). Off-heap storages go to
 * {@code cblas_sgemm}/{@code cblas_dgemm} as they are: JavaCPP passes a direct NIO buffer's address plus
 * its position, so an operand is its storage's buffer positioned at the operand's offset, with no copy and
 * no JavaCPP pointer allocation. Heap storages (small tensors) are staged through a per-thread off-heap
 * buffer.
 *
 * <p>The native library is loaded on first use, not when ServiceLoader instantiates the backend, so a
 * kernel restart stays fast; if it cannot load, {@link #unavailableReason()} says why and the reference
 * backend runs instead. {@code -Dtensorshell.openblas=off} switches the backend off.
 */
public final class OpenBlasBackend implements Backend.Gemm {

    /**
     * Products of fewer multiply-adds ({@code m*n*k}) stay with the Java backend. Measured with
     * MatmulSpeed: below about 8x8x8 the JNI call and staging cost more than OpenBLAS saves.
     */
    static final long MIN_FLOPS = 8 * 8 * 8;

    public OpenBlasBackend() {}

    @Override public String name() { return "openblas"; }

    @Override public int priority() { return 100; }

    @Override public String unavailableReason() { return Native.REASON; }

    @Override
    public void setNumThreads(int n) {
        if (Native.REASON == null) Native.setNumThreads(n);
    }

    /** The threads a large product runs on, one OpenBLAS call each (see {@link #SPLIT_WORK}); -1 when not loaded. */
    public static int numThreads() { return Native.REASON == null ? Native.numThreads() : -1; }

    @Override
    public boolean accepts(DType dtype, int m, int n, int k) {
        return switch (dtype) {
            case FLOAT32, FLOAT64 -> (long) m * n * k >= MIN_FLOPS;
            case INT64, INT32, BOOL -> false;
        };
    }

    @Override
    public void gemm(DType dtype, boolean transA, boolean transB, int m, int n, int k, double alpha,
                     Storage a, int aOffset, int lda, Storage b, int bOffset, int ldb, double beta,
                     Storage c, int cOffset, int ldc) {
        if (dtype != DType.FLOAT32 && dtype != DType.FLOAT64) {
            throw new IllegalArgumentException("openblas: gemm of " + dtype + " is not supported (float32, float64 only)");
        }
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("openblas: negative gemm size " + m + "x" + n + "x" + k);
        if (m == 0 || n == 0) return;
        if (Native.REASON != null) throw new IllegalStateException("openblas: " + Native.REASON);
        // BLAS trusts its arguments: check every index it will touch lies inside its storage.
        Span sa = Span.of("A", a, dtype, aOffset, lda, transA ? k : m, transA ? m : k);
        Span sb = Span.of("B", b, dtype, bOffset, ldb, transB ? n : k, transB ? k : n);
        Span sc = Span.of("C", c, dtype, cOffset, ldc, m, n);
        // heap operands (small tensors) are copied to this thread's staging buffer; the product runs the same way
        Staging.Operands o = sa.direct() && sb.direct() && sc.direct()
            ? new Staging.Operands(a.directBuffer(), aOffset, b.directBuffer(), bOffset, c.directBuffer(), cOffset)
            : Staging.get().stage(dtype, sa, sb, sc);
        long work = (long) m * n * k;
        if (work >= SPLIT_WORK && Parallel.numThreads() > 1 && Math.max(m, n) >= 2 * SPLIT_GRAIN) {
            split(dtype, transA, transB, m, n, k, alpha, o.a(), o.aOffset(), lda, o.b(), o.bOffset(), ldb, beta, o.c(),
                o.cOffset(), ldc);
        } else {
            Native.gemm(dtype, transA, transB, m, n, k, alpha, o.a(), o.aOffset(), lda, o.b(), o.bOffset(), ldb, beta,
                o.c(), o.cOffset(), ldc);
        }
        Staging.finish(o, sc, m, n, ldc);
        // the storages own the buffers (their Cleaners hand them on): keep them until the product is written
        java.lang.ref.Reference.reachabilityFence(a);
        java.lang.ref.Reference.reachabilityFence(b);
        java.lang.ref.Reference.reachabilityFence(c);
    }

    /**
     * Products from this many multiply-adds are split into one single-threaded OpenBLAS call per thread of
     * {@link Parallel} (whose workers spin between ops, so the split starts at once); smaller ones are one call.
     * OpenBLAS runs every call on one thread ({@link Native#load}): setting its thread count takes 1-4 ms in
     * this build (it starts or stops a thread), so switching between one thread for mid-size products and two
     * for large ones cost a Fashion-MNIST training step several milliseconds, and its idle threads spin on the
     * cores the rest of a step needs. Split in two, a 2048x2048 product runs as fast as on OpenBLAS's two
     * threads (198.6 against 197.0 GFLOP/s split by rows; 193.4 by columns); 64x784x256, an MLP layer's
     * product, took 230 us split in two against 330 us on one thread.
     */
    static final long SPLIT_WORK = 1L << 22;
    /** Each part of a split product has at least this many rows (or columns) of C. */
    static final int SPLIT_GRAIN = 32;

    /**
     * C's rows (or its columns, where it has more of them than rows) split across the threads of {@link Parallel};
     * each part is an independent product of a block of A's rows (B's columns) with all of B (A).
     */
    private static void split(DType dtype, boolean transA, boolean transB, int m, int n, int k, double alpha,
                              java.nio.Buffer ab, int aOffset, int lda, java.nio.Buffer bb, int bOffset, int ldb,
                              double beta, java.nio.Buffer cb, int cOffset, int ldc) {
        if (n > m) {
            // columns j of C take columns j of op(B): B[.., j] (row-major k x n) or B[j, ..] (transposed, n x k)
            Parallel.range(n, SPLIT_GRAIN, (s, e) -> Native.gemm(dtype, transA, transB, m, e - s, k, alpha, ab, aOffset, lda,
                bb, bOffset + (transB ? s * ldb : s), ldb, beta, cb, cOffset + s, ldc));
        } else {
            // rows i of C take rows i of op(A): A[i, ..] (row-major m x k) or A[.., i] (transposed, k x m)
            Parallel.range(m, SPLIT_GRAIN, (s, e) -> Native.gemm(dtype, transA, transB, e - s, n, k, alpha, ab,
                aOffset + (transA ? s : s * lda), lda, bb, bOffset, ldb, beta, cb, cOffset + s * ldc, ldc));
        }
    }

    /** The elements [offset, offset + length) a matrix of {@code rows} rows {@code ld} apart occupies. */
    record Span(Storage storage, int offset, int length) {
        static Span of(String name, Storage s, DType dtype, int offset, int ld, int rows, int cols) {
            if (s.dtype() != dtype) {
                throw new IllegalArgumentException("openblas: " + name + " is " + s.dtype() + ", expected " + dtype);
            }
            if (ld < Math.max(1, cols)) {
                throw new IllegalArgumentException("openblas: leading dimension of " + name + " is " + ld
                    + ", must be at least max(1, " + cols + ")");
            }
            long length = rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
            if (offset < 0 || offset + length > s.size()) {
                throw new IllegalArgumentException("openblas: " + name + " (" + rows + "x" + cols + ", ld " + ld
                    + ", offset " + offset + ") lies outside its storage of " + s.size() + " elements");
            }
            return new Span(s, offset, (int) length);
        }

        boolean direct() { return storage.directBuffer() != null; }
    }

    /** Everything that touches the native library, so that nothing loads it before it is needed. */
    static final class Native {
        private Native() {}

        static final String REASON = load();
        /** The thread count {@code Torch.setNumThreads} last gave (products use it through the split), or -1. */
        private static volatile int threads = -1;

        /** Loads the library and leaves OpenBLAS on one thread a call for good (see {@link #SPLIT_WORK}). */
        private static String load() {
            if ("off".equalsIgnoreCase(System.getProperty("tensorshell.openblas", ""))) {
                return "switched off with -Dtensorshell.openblas=off";
            }
            try {
                org.bytedeco.javacpp.Loader.load(org.bytedeco.openblas.global.openblas_nolapack.class);
                org.bytedeco.openblas.global.openblas_nolapack.blas_set_num_threads(1);
                return null;
            } catch (Throwable t) {
                return "the OpenBLAS native library could not be loaded (" + t + ")";
            }
        }

        static void setNumThreads(int n) {
            threads = n;
        }

        /** The threads a product runs on: {@code Torch.setNumThreads}'s count (one OpenBLAS call on each). */
        static int numThreads() {
            return threads > 0 ? threads : Parallel.numThreads();
        }

        /** Calls cblas with the buffers positioned at the offsets (JavaCPP adds a buffer's position). */
        static void gemm(DType dtype, boolean transA, boolean transB, int m, int n, int k, double alpha,
                         java.nio.Buffer a, int aOffset, int lda, java.nio.Buffer b, int bOffset, int ldb,
                         double beta, java.nio.Buffer c, int cOffset, int ldc) {
            // (large products arrive here in parts, one per thread of Parallel: see SPLIT_WORK)
            int ta = transA ? org.bytedeco.openblas.global.openblas_nolapack.CblasTrans
                : org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
            int tb = transB ? org.bytedeco.openblas.global.openblas_nolapack.CblasTrans
                : org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
            int order = org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
            switch (dtype) {
                case FLOAT32 -> org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm(order, ta, tb, m, n, k,
                    (float) alpha, at((FloatBuffer) a, aOffset), lda, at((FloatBuffer) b, bOffset), ldb, (float) beta,
                    at((FloatBuffer) c, cOffset), ldc);
                case FLOAT64 -> org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm(order, ta, tb, m, n, k,
                    alpha, at((DoubleBuffer) a, aOffset), lda, at((DoubleBuffer) b, bOffset), ldb, beta,
                    at((DoubleBuffer) c, cOffset), ldc);
                case INT64, INT32, BOOL -> throw new IllegalArgumentException("openblas: no gemm for " + dtype);
            }
        }

        private static FloatBuffer at(FloatBuffer b, int offset) {
            return b.position() == offset ? b : b.duplicate().position(offset);
        }

        private static DoubleBuffer at(DoubleBuffer b, int offset) {
            return b.position() == offset ? b : b.duplicate().position(offset);
        }
    }
}
