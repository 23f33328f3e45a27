package org.tensorshell.core;

import java.util.Arrays;

/** Shape and stride arithmetic shared by every op. Shapes are int[] inside, long[] in the public API. */
public final class Shapes {
    private Shapes() {}

    public static final int[] SCALAR = new int[0];

    public static long numel(int[] shape) {
        long n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    public static int[] contiguousStrides(int[] shape) {
        int[] st = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = acc;
            acc *= Math.max(shape[i], 1);
        }
        return st;
    }

    public static boolean isContiguous(int[] shape, int[] stride) {
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 1) continue;
            if (stride[i] != acc) return false;
            acc *= shape[i];
        }
        return true;
    }

    /** PyTorch's shape printing: {@code [2, 3]}. */
    public static String str(int[] shape) { return Arrays.toString(shape); }

    public static String str(long[] shape) { return Arrays.toString(shape); }

    /** Normalises a possibly negative dim, naming the op on failure as PyTorch does. */
    public static int dim(String op, int dim, int ndim) {
        int n = Math.max(ndim, 1);
        if (dim < -n || dim >= n) {
            throw new TensorError(op + ": dimension out of range (expected to be in range of [" + -n + ", "
                + (n - 1) + "], but got " + dim + ")");
        }
        return dim < 0 ? dim + n : dim;
    }

    /** Broadcasts two shapes by PyTorch's rules, or raises naming the op and both shapes. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i - (n - a.length) >= 0 ? a[i - (n - a.length)] : 1;
            int db = i - (n - b.length) >= 0 ? b[i - (n - b.length)] : 1;
            if (da == db || db == 1) out[i] = da;
            else if (da == 1) out[i] = db;
            else {
                throw new TensorError(op + ": shapes " + str(a) + " and " + str(b) + " cannot broadcast (dimension "
                    + i + ": " + da + " vs " + db + "; sizes must match or one of them be 1)");
            }
        }
        return out;
    }

    /** Strides that read a tensor of shape {@code shape} as if expanded to {@code target} (0 where broadcast). */
    public static int[] broadcastStrides(int[] shape, int[] stride, int[] target) {
        int[] out = new int[target.length];
        int lead = target.length - shape.length;
        for (int i = 0; i < target.length; i++) {
            int j = i - lead;
            out[i] = j < 0 || shape[j] == 1 ? 0 : stride[j];
        }
        return out;
    }

    /** Checks a user-given size list: no negative sizes, fits in int. */
    public static int[] checked(String op, long[] size) {
        int[] s = new int[size.length];
        for (int i = 0; i < size.length; i++) {
            if (size[i] < 0) {
                throw new TensorError(op + ": negative dimension " + size[i] + " in size " + str(size)
                    + "; sizes must be >= 0");
            }
            if (size[i] > Integer.MAX_VALUE) throw new TensorError(op + ": dimension " + size[i] + " is too large");
            s[i] = (int) size[i];
        }
        long n = numel(s);
        if (n > Integer.MAX_VALUE) throw new TensorError(op + ": size " + str(size) + " has " + n + " elements; at most 2^31-1 are supported");
        return s;
    }

    public static long[] toLong(int[] s) {
        long[] l = new long[s.length];
        for (int i = 0; i < s.length; i++) l[i] = s[i];
        return l;
    }
}
