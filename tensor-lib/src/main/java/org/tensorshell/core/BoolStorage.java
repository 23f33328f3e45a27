package org.tensorshell.core;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import org.tensorshell.DType;

/** {@link DType#BOOL} elements, one byte each (0 or 1); tiles carry them as longs. */
public final class BoolStorage extends Storage {
    private final byte[] heap;
    private ByteBuffer direct;

    BoolStorage(ByteBuffer direct, byte[] heap, int size) {
        super(size);
        this.heap = heap;
        this.direct = direct;
    }

    /** Off-heap: the buffer comes with {@link #attach}. */
    BoolStorage(int size) { this(null, null, size); }

    @Override void attach(ByteBuffer bytes) { direct = bytes; }

    @Override void detach() { direct = null; }

    @Override public DType dtype() { return DType.BOOL; }

    @Override public Buffer directBuffer() { return direct; }

    @Override public Object heapArray() { return heap; }

    public boolean get(int i) { return (heap != null ? heap[i] : direct.get(i)) != 0; }

    public void set(int i, boolean v) {
        byte b = (byte) (v ? 1 : 0);
        if (heap != null) heap[i] = b; else direct.put(i, b);
    }

    @Override public double getDouble(int i) { return get(i) ? 1 : 0; }

    @Override public long getLong(int i) { return get(i) ? 1 : 0; }

    // Any non-zero value, NaN included, is true.
    @Override public void setDouble(int i, double v) { set(i, v != 0); }

    @Override public void setLong(int i, long v) { set(i, v != 0); }

    @Override
    public void copyFrom(Storage src, int srcIndex, int dstIndex, int n) {
        BoolStorage s = (BoolStorage) src;
        if (heap != null && s.heap != null) System.arraycopy(s.heap, srcIndex, heap, dstIndex, n);
        else if (s.heap != null) direct.put(dstIndex, s.heap, srcIndex, n);
        else if (heap != null) s.direct.get(srcIndex, heap, dstIndex, n);
        else direct.put(dstIndex, s.direct, srcIndex, n);
    }

    @Override
    public void readFloat(int index, int stride, float[] dst, int off, int n) {
        if (heap != null) {
            for (int k = 0, i = index; k < n; k++, i += stride) dst[off + k] = (heap[i] != 0 ? 1 : 0);
        } else {
            for (int k = 0, i = index; k < n; k++, i += stride) dst[off + k] = (direct.get(i) != 0 ? 1 : 0);
        }
    }

    @Override
    public void writeFloat(int index, int stride, float[] src, int off, int n) {
        if (heap != null) {
            for (int k = 0, i = index; k < n; k++, i += stride) heap[i] = (byte) (src[off + k] != 0 ? 1 : 0);
        } else {
            for (int k = 0, i = index; k < n; k++, i += stride) direct.put(i, (byte) (src[off + k] != 0 ? 1 : 0));
        }
    }

    @Override
    public void readDouble(int index, int stride, double[] dst, int off, int n) {
        if (heap != null) {
            for (int k = 0, i = index; k < n; k++, i += stride) dst[off + k] = (heap[i] != 0 ? 1 : 0);
        } else {
            for (int k = 0, i = index; k < n; k++, i += stride) dst[off + k] = (direct.get(i) != 0 ? 1 : 0);
        }
    }

    @Override
    public void writeDouble(int index, int stride, double[] src, int off, int n) {
        if (heap != null) {
            for (int k = 0, i = index; k < n; k++, i += stride) heap[i] = (byte) (src[off + k] != 0 ? 1 : 0);
        } else {
            for (int k = 0, i = index; k < n; k++, i += stride) direct.put(i, (byte) (src[off + k] != 0 ? 1 : 0));
        }
    }
}
