package org.tensorshell.core;

import java.nio.Buffer;
import java.nio.IntBuffer;
import org.tensorshell.DType;

/** {@link DType#INT32} elements, on the heap or off-heap; tiles carry them as longs. */
public final class I32Storage extends Storage {
    private final int[] heap;
    private IntBuffer direct;

    I32Storage(int[] heap) { super(heap.length); this.heap = heap; this.direct = null; }

    /** Off-heap: the buffer comes with {@link #attach}. */
    I32Storage(int size) { super(size); this.heap = null; }

    @Override void attach(java.nio.ByteBuffer bytes) { direct = bytes.asIntBuffer(); }

    @Override void detach() { direct = null; }

    @Override public DType dtype() { return DType.INT32; }

    @Override public Buffer directBuffer() { return direct; }

    @Override public Object heapArray() { return heap; }

    public int get(int i) { return heap != null ? heap[i] : direct.get(i); }

    public void set(int i, int v) { if (heap != null) heap[i] = v; else direct.put(i, v); }

    @Override public double getDouble(int i) { return get(i); }

    @Override public long getLong(int i) { return get(i); }

    @Override public void setDouble(int i, double v) { set(i, (int) (long) v); }

    // Wraps like a C cast, as PyTorch does for int64 -> int32.
    @Override public void setLong(int i, long v) { set(i, (int) v); }

    @Override
    public void readLong(int index, int stride, long[] dst, int off, int n) {
        if (heap != null) {
            for (int k = 0; k < n; k++) dst[off + k] = heap[index + k * stride];
        } else {
            for (int k = 0; k < n; k++) dst[off + k] = direct.get(index + k * stride);
        }
    }

    @Override
    public void writeLong(int index, int stride, long[] src, int off, int n) {
        if (heap != null) {
            for (int k = 0; k < n; k++) heap[index + k * stride] = (int) src[off + k];
        } else {
            for (int k = 0; k < n; k++) direct.put(index + k * stride, (int) src[off + k]);
        }
    }

    @Override
    public void copyFrom(Storage src, int srcIndex, int dstIndex, int n) {
        I32Storage s = (I32Storage) src;
        if (heap != null && s.heap != null) System.arraycopy(s.heap, srcIndex, heap, dstIndex, n);
        else if (s.heap != null) direct.put(dstIndex, s.heap, srcIndex, n);
        else if (heap != null) s.direct.get(srcIndex, heap, dstIndex, n);
        else direct.put(dstIndex, s.direct, srcIndex, n);
    }

    @Override
    public void readFloat(int index, int stride, float[] dst, int off, int n) {
        if (heap != null) {
            for (int k = 0, i = index; k < n; k++, i += stride) dst[off + k] = (float) heap[i];
        } else {
            for (int k = 0, i = index; k < n; k++, i += stride) dst[off + k] = (float) direct.get(i);
        }
    }

    @Override
    public void writeFloat(int index, int stride, float[] src, int off, int n) {
        if (heap != null) {
            for (int k = 0, i = index; k < n; k++, i += stride) heap[i] = (int) (long) src[off + k];
        } else {
            for (int k = 0, i = index; k < n; k++, i += stride) direct.put(i, (int) (long) src[off + k]);
        }
    }

    @Override
    public void readDouble(int index, int stride, double[] dst, int off, int n) {
        if (heap != null) {
            for (int k = 0, i = index; k < n; k++, i += stride) dst[off + k] = (double) heap[i];
        } else {
            for (int k = 0, i = index; k < n; k++, i += stride) dst[off + k] = (double) direct.get(i);
        }
    }

    @Override
    public void writeDouble(int index, int stride, double[] src, int off, int n) {
        if (heap != null) {
            for (int k = 0, i = index; k < n; k++, i += stride) heap[i] = (int) (long) src[off + k];
        } else {
            for (int k = 0, i = index; k < n; k++, i += stride) direct.put(i, (int) (long) src[off + k]);
        }
    }
}
