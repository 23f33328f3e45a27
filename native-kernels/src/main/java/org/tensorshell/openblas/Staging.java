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

    /** Where the product's operands are: their own direct buffers, or staged copies of heap ones. */
    record Operands(Buffer a, int aOffset, Buffer b, int bOffset, Buffer c, int cOffset) {}

    /**
     * Copies the heap operands among a, b and c into this thread's buffer (direct ones stay where they are);
     * after the product, {@link #finish} writes a staged C back. Valid until this thread stages again.
     */
    Operands stage(DType dtype, Span a, Span b, Span c) {
        int size = dtype.itemSize();
        reserve(((long) a.length() + b.length() + c.length() + 3L * ALIGN) * size);
        used = 0;
        Buffer view = dtype == DType.FLOAT32 ? bytes.asFloatBuffer() : bytes.asDoubleBuffer();
        int ao = place(a, view), bo = place(b, view), co = place(c, view);
        return new Operands(bufferOf(a, view), ao, bufferOf(b, view), bo, bufferOf(c, view), co);
    }

    /** Writes C's m rows of n results back to its heap storage, where it was staged. */
    static void finish(Operands o, Span c, int m, int n, int ldc) {
        if (c.storage().directBuffer() == null) copyBack(c, o.c(), o.cOffset(), m, n, ldc);
    }

    private static Buffer bufferOf(Span s, Buffer view) {
        Buffer own = s.storage().directBuffer();
        return own != null ? own : view;
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
