package org.tensorshell.core;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import org.tensorshell.DType;

/**
 * A flat run of elements of one dtype. Small storages are Java arrays (allocation is a pointer bump and
 * the garbage collector pools them); from {@link #DIRECT_THRESHOLD_BYTES} on, data lives off-heap in a
 * direct buffer whose address native backends use without a copy, and which is freed when the storage
 * becomes unreachable.
 *
 * <p>Kernels move data in tiles: {@code read*} gathers {@code n} elements starting at {@code index} with
 * a stride into a Java array, {@code write*} scatters them back, converting between the storage's dtype
 * and the tile's type (float, double or long).
 */
public abstract sealed class Storage permits F32Storage, F64Storage, I64Storage, I32Storage, BoolStorage {
    /** Storages of at least this many bytes live off-heap. */
    public static final int DIRECT_THRESHOLD_BYTES = 64 * 1024;

    static {
        OffHeap.start();
    }

    protected final int size;
    /** Bumped by every in-place write; autograd compares it with the value seen when a tensor was saved. */
    private int version;
    /** Returns an off-heap buffer to the pool (once); null for heap storages and after release. */
    java.lang.ref.Cleaner.Cleanable cleanable;
    /** Set when the storage may be reachable from outside a {@link Scratch} (it is then never released early). */
    private boolean escaped;

    protected Storage(int size) { this.size = size; }

    /** Zeroed storage of n elements. */
    public static Storage allocate(DType dtype, long n) { return allocate(dtype, n, true); }

    /** Storage of n elements whose contents the caller overwrites ({@code zero} false skips clearing reused memory). */
    public static Storage allocate(DType dtype, long n, boolean zero) {
        long bytes = n * dtype.itemSize();
        if (n < 0) throw new IllegalArgumentException("storage: negative size " + n);
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new TensorError("storage: " + n + " elements of " + dtype + " (" + bytes
                + " bytes) exceed the 2 GiB limit of one CPU tensor");
        }
        int size = (int) n;
        if (bytes < DIRECT_THRESHOLD_BYTES) {
            return switch (dtype) {
                case FLOAT32 -> new F32Storage(new float[size]);
                case FLOAT64 -> new F64Storage(new double[size]);
                case INT64 -> new I64Storage(new long[size]);
                case INT32 -> new I32Storage(new int[size]);
                case BOOL -> new BoolStorage(null, new byte[size], size);
            };
        }
        // The storage object owns the buffer: when it is unreachable the buffer returns to the pool.
        Storage s = switch (dtype) {
            case FLOAT32 -> new F32Storage(size);
            case FLOAT64 -> new F64Storage(size);
            case INT64 -> new I64Storage(size);
            case INT32 -> new I32Storage(size);
            case BOOL -> new BoolStorage(size);
        };
        s.attach(OffHeap.allocate(s, (int) bytes, zero));
        Scratch.register(s);
        return s;
    }

    /** Marks the storage as possibly reachable from outside the current {@link Scratch}. */
    public final void markEscaped() { escaped = true; }

    /** Returns an unescaped off-heap buffer to the pool now, detaching it from this storage. */
    final void releaseEarly() {
        java.lang.ref.Cleaner.Cleanable c = cleanable;
        if (c == null || escaped) return;
        cleanable = null;
        detach();
        c.clean();
    }

    /** Drops the off-heap buffer (after {@link #releaseEarly}): later access fails instead of reading reused memory. */
    abstract void detach();

    /** Binds an off-heap storage to its buffer (once, right after construction). */
    abstract void attach(ByteBuffer bytes);

    public abstract DType dtype();

    public final int size() { return size; }

    public final int version() { return version; }

    public final void bumpVersion() { version++; }

    /** The off-heap buffer (positioned at 0) for native calls, or null when the data is a Java array. */
    public abstract Buffer directBuffer();

    /** The Java array holding the data, or null when it lives off-heap. */
    public abstract Object heapArray();

    public abstract double getDouble(int i);

    public abstract long getLong(int i);

    public abstract void setDouble(int i, double v);

    public abstract void setLong(int i, long v);

    public float getFloat(int i) { return (float) getDouble(i); }

    public void setFloat(int i, float v) { setDouble(i, v); }

    // Tile transfers. The generic versions go element by element; subclasses override the paths of
    // their own element type with bulk copies.

    public void readFloat(int index, int stride, float[] dst, int off, int n) {
        for (int k = 0; k < n; k++) dst[off + k] = getFloat(index + k * stride);
    }

    public void readDouble(int index, int stride, double[] dst, int off, int n) {
        for (int k = 0; k < n; k++) dst[off + k] = getDouble(index + k * stride);
    }

    public void readLong(int index, int stride, long[] dst, int off, int n) {
        for (int k = 0; k < n; k++) dst[off + k] = getLong(index + k * stride);
    }

    public void writeFloat(int index, int stride, float[] src, int off, int n) {
        for (int k = 0; k < n; k++) setFloat(index + k * stride, src[off + k]);
    }

    public void writeDouble(int index, int stride, double[] src, int off, int n) {
        for (int k = 0; k < n; k++) setDouble(index + k * stride, src[off + k]);
    }

    public void writeLong(int index, int stride, long[] src, int off, int n) {
        for (int k = 0; k < n; k++) setLong(index + k * stride, src[off + k]);
    }

    /** Copies {@code n} contiguous elements of the same dtype. */
    public abstract void copyFrom(Storage src, int srcIndex, int dstIndex, int n);
}
