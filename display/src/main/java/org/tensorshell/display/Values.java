package org.tensorshell.display;

import org.tensorshell.Tensor;
import org.tensorshell.core.Storage;

/**
 * Reads a (possibly strided, non-contiguous) tensor's values as doubles straight from its storage,
 * one innermost row at a time, without copying the tensor. int64 beyond 2^53 loses precision, which
 * display statistics can afford.
 */
final class Values {
    private Values() {}

    interface RowSink {
        void row(double[] values, int n);
    }

    /** Calls sink with every innermost row in row-major order (a 0-dim tensor is one row of one). */
    static void forEachRow(Tensor t, RowSink sink) {
        if (t.numel() == 0) return;
        Storage s = t.untypedStorage();
        long[] shape = t.shape();
        long[] stride = t.stride();
        int nd = shape.length;
        int n = nd == 0 ? 1 : (int) shape[nd - 1];
        int inner = nd == 0 ? 1 : (int) stride[nd - 1];
        double[] buf = new double[n];
        long[] idx = new long[Math.max(0, nd - 1)];
        long base = t.storageOffset();
        while (true) {
            s.readDouble((int) base, inner, buf, 0, n);
            sink.row(buf, n);
            int d = nd - 2;
            while (d >= 0) {
                idx[d]++;
                base += stride[d];
                if (idx[d] < shape[d]) break;
                base -= stride[d] * shape[d];
                idx[d] = 0;
                d--;
            }
            if (d < 0) return;
        }
    }

    /** All values in row-major order; only for tensors known to be small. */
    static double[] all(Tensor t) {
        double[] out = new double[Math.toIntExact(t.numel())];
        int[] pos = {0};
        forEachRow(t, (v, n) -> {
            System.arraycopy(v, 0, out, pos[0], n);
            pos[0] += n;
        });
        return out;
    }

    /** The element at a full index. */
    static double at(Tensor t, long... index) {
        return t.untypedStorage().getDouble(offset(t, index));
    }

    /** The element at a full index as a long: exact for int64. */
    static long atLong(Tensor t, long... index) {
        return t.untypedStorage().getLong(offset(t, index));
    }

    private static int offset(Tensor t, long[] index) {
        long off = t.storageOffset();
        long[] stride = t.stride();
        for (int d = 0; d < index.length; d++) off += index[d] * stride[d];
        return (int) off;
    }
}
