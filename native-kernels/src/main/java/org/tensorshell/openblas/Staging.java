package org.tensorshell.openblas;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.tensorshell.DType;
import org.tensorshell.openblas.OpenBlasBackend.Span;

/**
 * A per-thread off-heap buffer through which operands stored in Java arrays reach OpenBLAS. Only heap
 * storages pass through it, and those are small (below {@link org.tensorshell.core.Storage#DIRECT_THRESHOLD_BYTES}),
 * so it stays a few hundred KiB per thread and is reused by every call.
 */
final class Staging {
    private static final ThreadLocal<Staging> LOCAL = ThreadLocal.withInitial(Staging::new);
    /** Regions start on cache-line boundaries (64 bytes = 8 doubles). */
    private static final int ALIGN = 8;

    private ByteBuffer bytes = ByteBuffer.allocateDirect(0);
    private int used;

    static Staging get() { return LOCAL.get(); }

    void gemm(DType dtype, boolean transA, boolean transB, int m, int n, int k, double alpha, Span a, int lda,
              Span b, int ldb, double beta, Span c, int ldc) {
        int size = dtype.itemSize();
        reserve(((long) a.length() + b.length() + c.length() + 3L * ALIGN) * size);
        used = 0;
        Buffer view = dtype == DType.FLOAT32 ? bytes.asFloatBuffer() : bytes.asDoubleBuffer();
        int ao = place(a, view), bo = place(b, view), co = place(c, view);
        OpenBlasBackend.Native.gemm(dtype, transA, transB, m, n, k, alpha, a.storage().directBuffer() != null
                ? a.storage().directBuffer() : view, ao, lda,
            b.storage().directBuffer() != null ? b.storage().directBuffer() : view, bo, ldb, beta,
            c.storage().directBuffer() != null ? c.storage().directBuffer() : view, co, ldc);
        if (c.storage().directBuffer() == null) copyBack(c, view, co, m, n, ldc);
    }

    private void reserve(long bytesNeeded) {
        if (bytesNeeded > Integer.MAX_VALUE) throw new IllegalArgumentException("openblas: staging of " + bytesNeeded + " bytes");
        if (bytes.capacity() < bytesNeeded) {
            bytes = ByteBuffer.allocateDirect((int) Math.min(Integer.MAX_VALUE, Math.max(bytesNeeded, 2L * bytes.capacity())))
                .order(ByteOrder.nativeOrder());
        }
    }

    /** Copies a heap operand's span into the staging buffer; returns its offset there (or its own offset if direct). */
    private int place(Span s, Buffer view) {
        if (s.storage().directBuffer() != null) return s.offset();
        int at = used;
        used += (s.length() + ALIGN - 1) / ALIGN * ALIGN;
        Object heap = s.storage().heapArray();
        if (view instanceof java.nio.FloatBuffer f) f.put(at, (float[]) heap, s.offset(), s.length());
        else ((java.nio.DoubleBuffer) view).put(at, (double[]) heap, s.offset(), s.length());
        return at;
    }

    /** Writes the m rows of n results back, leaving any elements between rows untouched. */
    private static void copyBack(Span c, Buffer view, int at, int m, int n, int ldc) {
        Object heap = c.storage().heapArray();
        boolean packed = ldc == n || m == 1;
        int rows = packed ? 1 : m, len = packed ? c.length() : n;
        for (int i = 0; i < rows; i++) {
            if (view instanceof java.nio.FloatBuffer f) f.get(at + i * ldc, (float[]) heap, c.offset() + i * ldc, len);
            else ((java.nio.DoubleBuffer) view).get(at + i * ldc, (double[]) heap, c.offset() + i * ldc, len);
        }
    }
}
