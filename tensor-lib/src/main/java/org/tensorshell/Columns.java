package org.tensorshell;

import org.tensorshell.core.Parallel;
import org.tensorshell.core.ReduceOp;
import org.tensorshell.core.Shapes;
import org.tensorshell.core.Storage;

/**
 * Sums (or sums of squares) over dims that lie outside a contiguous block of kept dims (a column sum such as
 * {@code x.sum(0)} of a row-major matrix): whole inner rows are added into an accumulator, so memory is
 * read in order instead of one element per cache line. Floating columns accumulate in double.
 */
final class Columns {
    private Columns() {}

    private static final int CHUNK = 1024;

    /**
     * Runs the sum and returns true, or returns false when the layout does not suit this path, as given or with
     * the dims in memory order ({@link #memoryOrder}).
     */
    static boolean sum(Tensor x, boolean[] red, boolean squares, Reduce.Finish finish) {
        if (sumInLayout(x, red, squares, finish)) return true;
        int[] order = memoryOrder(x, red);
        if (order == null) return false;
        int nd = order.length;
        int[] shape = new int[nd], stride = new int[nd];
        boolean[] reduced = new boolean[nd];
        for (int d = 0; d < nd; d++) {
            shape[d] = x.shape[order[d]];
            stride[d] = x.stride[order[d]];
            reduced[d] = red[order[d]];
        }
        // a bare view, outside autograd: only its layout is read
        return sumInLayout(new Tensor(x.storage, shape, stride, x.offset), reduced, squares, finish);
    }

    /**
     * The dims of {@code x} in memory order (largest stride first), where that order differs from the dims' own
     * and keeps the kept dims in their order: a sum over a transposed view's last dim ({@code x.t().sum(1)}) is
     * then the column sum it is in memory (this path), instead of rows read one strided element at a time,
     * 20x slower. The kept dims' order is the output's, so it must not change. Null otherwise (a dim of size 1,
     * a zero or negative stride, or kept dims out of memory order).
     */
    private static int[] memoryOrder(Tensor x, boolean[] red) {
        int nd = x.shape.length;
        Integer[] order = new Integer[nd];
        for (int d = 0; d < nd; d++) {
            if (x.shape[d] == 1 || x.stride[d] <= 0) return null;
            order[d] = d;
        }
        java.util.Arrays.sort(order, (a, b) -> Integer.compare(x.stride[b], x.stride[a])); // stable
        boolean moved = false;
        int lastKept = -1;
        int[] out = new int[nd];
        for (int i = 0; i < nd; i++) {
            out[i] = order[i];
            moved |= order[i] != i;
            if (!red[order[i]]) {
                if (order[i] < lastKept) return null;
                lastKept = order[i];
            }
        }
        return moved ? out : null;
    }

    /** The column sum over {@code x} as laid out; false when its layout does not suit it. */
    private static boolean sumInLayout(Tensor x, boolean[] red, boolean squares, Reduce.Finish finish) {
        int nd = x.shape.length, lastRed = -1;
        for (int d = 0; d < nd; d++) if (red[d] && x.shape[d] != 1) lastRed = d;
        if (lastRed < 0 || lastRed == nd - 1) return false;
        int[] inShape = java.util.Arrays.copyOfRange(x.shape, lastRed + 1, nd);
        int[] inStride = java.util.Arrays.copyOfRange(x.stride, lastRed + 1, nd);
        int inner = (int) Shapes.numel(inShape);
        if (inner < 16 || !Shapes.isContiguous(inShape, inStride)) return false;
        int nk = 0, nr = 0;
        for (int d = 0; d <= lastRed; d++) if (red[d]) nr++; else nk++;
        int[] kShape = new int[nk], kStride = new int[nk], rShape = new int[nr], rStride = new int[nr];
        nk = 0;
        nr = 0;
        for (int d = 0; d <= lastRed; d++) {
            if (red[d]) { rShape[nr] = x.shape[d]; rStride[nr++] = x.stride[d]; }
            else { kShape[nk] = x.shape[d]; kStride[nk++] = x.stride[d]; }
        }
        int outer = (int) Shapes.numel(kShape), len = (int) Shapes.numel(rShape);
        int chunks = (inner + CHUNK - 1) / CHUNK;
        boolean floating = x.isFloatingPoint();
        Storage st = x.storage;
        int grain = Math.max(1, Parallel.GRAIN / Math.max(1, len * Math.min(inner, CHUNK)));
        Parallel.range(outer * chunks, grain, (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                int o = t / chunks, i0 = (t % chunks) * CHUNK, n = Math.min(CHUNK, inner - i0);
                int base = x.offset + unravel(o, kShape, kStride) + i0;
                if (floating) sumFloating(st, base, rShape, rStride, len, n, o * inner + i0, squares, finish);
                else sumLong(st, base, rShape, rStride, len, n, o * inner + i0, squares, finish);
            }
        });
        return true;
    }

    private static void sumFloating(Storage st, int base, int[] rShape, int[] rStride, int len, int n, int out,
                                    boolean squares, Reduce.Finish finish) {
        double[] acc = new double[n], tile = new double[n];
        float[] ftile = st.dtype() == DType.FLOAT32 ? new float[n] : null;
        for (int r = 0; r < len; r++) {
            int at = base + unravel(r, rShape, rStride);
            if (ftile != null) {
                st.readFloat(at, 1, ftile, 0, n);
                if (squares) for (int j = 0; j < n; j++) acc[j] += (double) ftile[j] * ftile[j];
                else for (int j = 0; j < n; j++) acc[j] += ftile[j];
            } else {
                st.readDouble(at, 1, tile, 0, n);
                if (squares) for (int j = 0; j < n; j++) acc[j] += tile[j] * tile[j];
                else for (int j = 0; j < n; j++) acc[j] += tile[j];
            }
        }
        ReduceOp.State s = ReduceOp.SUM.init();
        for (int j = 0; j < n; j++) {
            s.d = acc[j];
            finish.write(out + j, s);
        }
    }

    private static void sumLong(Storage st, int base, int[] rShape, int[] rStride, int len, int n, int out,
                                boolean squares, Reduce.Finish finish) {
        long[] acc = new long[n], tile = new long[n];
        for (int r = 0; r < len; r++) {
            st.readLong(base + unravel(r, rShape, rStride), 1, tile, 0, n);
            if (squares) for (int j = 0; j < n; j++) acc[j] += tile[j] * tile[j];
            else for (int j = 0; j < n; j++) acc[j] += tile[j];
        }
        ReduceOp.State s = ReduceOp.SUM.init();
        for (int j = 0; j < n; j++) {
            s.l = acc[j];
            finish.write(out + j, s);
        }
    }

    private static int unravel(int i, int[] shape, int[] stride) {
        int off = 0;
        for (int d = shape.length - 1; d >= 0; d--) {
            off += (i % shape[d]) * stride[d];
            i /= shape[d];
        }
        return off;
    }
}
