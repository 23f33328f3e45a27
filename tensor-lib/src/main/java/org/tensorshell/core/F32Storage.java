package org.tensorshell.core;

import java.nio.Buffer;
import java.nio.FloatBuffer;
import org.tensorshell.DType;

/** {@link DType#FLOAT32} elements (float), on the heap or off-heap. */
public final class F32Storage extends Storage {
    private final float[] heap;
    private FloatBuffer direct;

    F32Storage(float[] heap) { super(heap.length); this.heap = heap; this.direct = null; }

    /** Off-heap: the buffer comes with {@link #attach}. */
    F32Storage(int size) { super(size); this.heap = null; }

    @Override void attach(java.nio.ByteBuffer bytes) { direct = bytes.asFloatBuffer(); }

    @Override void detach() { direct = null; }

    @Override public DType dtype() { return DType.FLOAT32; }

    @Override public Buffer directBuffer() { return direct; }

    @Override public Object heapArray() { return heap; }

    public float get(int i) { return heap != null ? heap[i] : direct.get(i); }

    public void set(int i, float v) { if (heap != null) heap[i] = v; else direct.put(i, v); }

    @Override public double getDouble(int i) { return get(i); }

    @Override public long getLong(int i) { return (long) get(i); }

    @Override public void setDouble(int i, double v) { set(i, (float) v); }

    @Override public void setLong(int i, long v) { set(i, (float) v); }

    @Override
    public void readFloat(int index, int stride, float[] dst, int off, int n) {
        if (stride == 0 && n > 1) { // a broadcast scalar
            java.util.Arrays.fill(dst, off, off + n, get(index));
            return;
        }
        if (stride == 1) {
            if (heap != null) System.arraycopy(heap, index, dst, off, n);
            else direct.get(index, dst, off, n);
        } else if (heap != null) {
            for (int k = 0; k < n; k++) dst[off + k] = heap[index + k * stride];
        } else {
            for (int k = 0; k < n; k++) dst[off + k] = direct.get(index + k * stride);
        }
    }

    @Override
    public void writeFloat(int index, int stride, float[] src, int off, int n) {
        if (stride == 1) {
            if (heap != null) System.arraycopy(src, off, heap, index, n);
            else direct.put(index, src, off, n);
        } else if (heap != null) {
            for (int k = 0; k < n; k++) heap[index + k * stride] = src[off + k];
        } else {
            for (int k = 0; k < n; k++) direct.put(index + k * stride, src[off + k]);
        }
    }

    @Override
    public void copyFrom(Storage src, int srcIndex, int dstIndex, int n) {
        F32Storage s = (F32Storage) src;
        if (heap != null && s.heap != null) System.arraycopy(s.heap, srcIndex, heap, dstIndex, n);
        else if (s.heap != null) direct.put(dstIndex, s.heap, srcIndex, n);
        else if (heap != null) s.direct.get(srcIndex, heap, dstIndex, n);
        else direct.put(dstIndex, s.direct, srcIndex, n);
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
            for (int k = 0, i = index; k < n; k++, i += stride) heap[i] = (float) src[off + k];
        } else {
            for (int k = 0, i = index; k < n; k++, i += stride) direct.put(i, (float) src[off + k]);
        }
    }

    @Override
    public void readLong(int index, int stride, long[] dst, int off, int n) {
        if (heap != null) {
            for (int k = 0, i = index; k < n; k++, i += stride) dst[off + k] = (long) heap[i];
        } else {
            for (int k = 0, i = index; k < n; k++, i += stride) dst[off + k] = (long) direct.get(i);
        }
    }

    @Override
    public void writeLong(int index, int stride, long[] src, int off, int n) {
        if (heap != null) {
            for (int k = 0, i = index; k < n; k++, i += stride) heap[i] = (float) src[off + k];
        } else {
            for (int k = 0, i = index; k < n; k++, i += stride) direct.put(i, (float) src[off + k]);
        }
    }
}
