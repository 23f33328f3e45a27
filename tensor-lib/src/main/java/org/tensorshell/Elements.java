package org.tensorshell;

import org.tensorshell.core.Storage;

/**
 * Element-wise reads and writes at arbitrary storage offsets, the inner loops of gather, scatter and
 * advanced indexing. Heap storages are accessed through their arrays (no virtual call per element);
 * off-heap ones through the storage. Floating values travel as double, the others as long: both exact.
 */
final class Elements {
    private Elements() {}

    static double[] getDouble(Storage s, int[] off) {
        double[] v = new double[off.length];
        switch (s.heapArray()) {
            case float[] a -> { for (int p = 0; p < off.length; p++) v[p] = a[off[p]]; }
            case double[] a -> { for (int p = 0; p < off.length; p++) v[p] = a[off[p]]; }
            case null, default -> { for (int p = 0; p < off.length; p++) v[p] = s.getDouble(off[p]); }
        }
        return v;
    }

    static long[] getLong(Storage s, int[] off) {
        long[] v = new long[off.length];
        switch (s.heapArray()) {
            case long[] a -> { for (int p = 0; p < off.length; p++) v[p] = a[off[p]]; }
            case int[] a -> { for (int p = 0; p < off.length; p++) v[p] = a[off[p]]; }
            case byte[] a -> { for (int p = 0; p < off.length; p++) v[p] = a[off[p]]; }
            case null, default -> { for (int p = 0; p < off.length; p++) v[p] = s.getLong(off[p]); }
        }
        return v;
    }

    /** s[off[p]] = v[p], or += with add; in order, so for repeated offsets the last write (or the sum) wins. */
    static void putDouble(Storage s, int[] off, double[] v, boolean add) {
        switch (s.heapArray()) {
            case float[] a -> {
                if (add) for (int p = 0; p < off.length; p++) a[off[p]] += (float) v[p];
                else for (int p = 0; p < off.length; p++) a[off[p]] = (float) v[p];
            }
            case double[] a -> {
                if (add) for (int p = 0; p < off.length; p++) a[off[p]] += v[p];
                else for (int p = 0; p < off.length; p++) a[off[p]] = v[p];
            }
            case null, default -> {
                if (add) for (int p = 0; p < off.length; p++) s.setDouble(off[p], s.getDouble(off[p]) + v[p]);
                else for (int p = 0; p < off.length; p++) s.setDouble(off[p], v[p]);
            }
        }
    }

    static void putLong(Storage s, int[] off, long[] v, boolean add) {
        switch (s.heapArray()) {
            case long[] a -> {
                if (add) for (int p = 0; p < off.length; p++) a[off[p]] += v[p];
                else for (int p = 0; p < off.length; p++) a[off[p]] = v[p];
            }
            case int[] a -> {
                if (add) for (int p = 0; p < off.length; p++) a[off[p]] += (int) v[p];
                else for (int p = 0; p < off.length; p++) a[off[p]] = (int) v[p];
            }
            case null, default -> {
                if (add) for (int p = 0; p < off.length; p++) s.setLong(off[p], s.getLong(off[p]) + v[p]);
                else for (int p = 0; p < off.length; p++) s.setLong(off[p], v[p]);
            }
        }
    }

    /** s[off[p]] = one value for every p. */
    static void fill(Storage s, int[] off, double value) {
        switch (s.heapArray()) {
            case float[] a -> { float f = (float) value; for (int o : off) a[o] = f; }
            case double[] a -> { for (int o : off) a[o] = value; }
            case null, default -> {
                if (s.dtype().isFloatingPoint()) for (int o : off) s.setDouble(o, value);
                else {
                    long l = Torch.scalarLike(value, s.dtype()).storage.getLong(0);
                    for (int o : off) s.setLong(o, l);
                }
            }
        }
    }

    /** Copies elements src[srcOff[p]] to dst[dstOff[p]] of the same dtype. */
    static void copy(Storage dst, int[] dstOff, Storage src, int[] srcOff) {
        if (dst.dtype().isFloatingPoint()) putDouble(dst, dstOff, getDouble(src, srcOff), false);
        else putLong(dst, dstOff, getLong(src, srcOff), false);
    }
}
