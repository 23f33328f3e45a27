package org.tensorshell;

import org.tensorshell.core.Parallel;
import org.tensorshell.core.Shapes;
import org.tensorshell.core.TensorError;

/**
 * sort, argsort, topk and unique. Rows along the sorted dimension are copied into primitive arrays,
 * mapped to order-preserving long keys and merge-sorted together with their positions, so every sort is
 * stable and O(n log n). NaN sorts above +inf (PyTorch's order); -0.0 and 0.0 compare equal.
 */
final class Sorting {
    private Sorting() {}

    static ValuesIndices sort(Tensor x, int dim, boolean descending) {
        if (Autograd.needed(x)) {
            ValuesIndices r;
            try (GradMode g = GradMode.scope(false)) {
                r = sort(x, dim, descending);
            }
            return IndexGrad.sorted(x, dim, r);
        }
        int d = Shapes.dim("sort", dim, x.dim());
        if (x.dim() == 0) return new ValuesIndices(x.clone(), Tensor.empty(Shapes.SCALAR, DType.INT64));
        return sortedRows(x, d, descending, x.shape[d]);
    }

    static ValuesIndices topk(Tensor x, long k, int dim, boolean largest) {
        if (Autograd.needed(x)) {
            ValuesIndices r;
            try (GradMode g = GradMode.scope(false)) {
                r = topk(x, k, dim, largest);
            }
            return IndexGrad.sorted(x, dim, r);
        }
        int d = Shapes.dim("topk", dim, x.dim());
        if (x.dtype() == DType.BOOL) throw new TensorError("topk: \"topk_cpu\" not implemented for 'Bool'");
        int size = x.dim() == 0 ? 1 : x.shape[d];
        if (k < 0 || k > size) {
            throw new TensorError("topk: selected index k out of range (k = " + k + ", dimension " + d + " has size " + size + ")");
        }
        // a 0-dim input gives 0-dim outputs (its value and index 0) for k = 0 too, as in PyTorch
        if (x.dim() == 0) return new ValuesIndices(x.clone(), Tensor.empty(Shapes.SCALAR, DType.INT64));
        return sortedRows(x, d, largest, (int) k);
    }

    /** Sorts every row along dim d and keeps the first {@code keep} of each. */
    private static ValuesIndices sortedRows(Tensor x, int d, boolean descending, int keep) {
        Tensor xt = x.movedim(d, -1).contiguous();
        int n = xt.shape[xt.dim() - 1];
        int rows = n == 0 ? 0 : (int) (xt.numel() / n);
        int[] outShape = xt.shape.clone();
        outShape[outShape.length - 1] = keep;
        Tensor values = Tensor.empty(outShape, x.dtype()), indices = Tensor.empty(outShape.clone(), DType.INT64);
        DType dt = x.dtype();
        if (rows > 0 && keep > 0) {
            Parallel.range(rows, Math.max(1, Parallel.GRAIN / Math.max(1, n * 8)), (a, b) -> {
                RowSorter rs = new RowSorter(dt, n, keep, descending);
                for (int r = a; r < b; r++) rs.sortRow(xt, r, values, indices);
            });
        }
        if (d == x.dim() - 1) return new ValuesIndices(values, indices);
        return new ValuesIndices(values.movedim(-1, d).contiguous(), indices.movedim(-1, d).contiguous());
    }

    /** The unique elements of the flattened tensor in ascending order, with inverse indices and counts. */
    static UniqueResult unique(Tensor x, boolean returnInverse, boolean returnCounts) {
        Tensor flat = x.reshape(-1).contiguous();
        int n = flat.shape[0];
        boolean floating = x.dtype().isFloatingPoint();
        long[] keys = new long[n], lv = new long[n];
        double[] dv = floating ? new double[n] : null;
        int[] perm = new int[n];
        if (floating) {
            flat.storage.readDouble(flat.offset, 1, dv, 0, n);
            for (int i = 0; i < n; i++) keys[i] = key(dv[i]);
        } else {
            flat.storage.readLong(flat.offset, 1, lv, 0, n);
            UniqueResult counted = uniqueByCounting(x, lv, returnInverse, returnCounts);
            if (counted != null) return counted;
            System.arraycopy(lv, 0, keys, 0, n);
        }
        for (int i = 0; i < n; i++) perm[i] = i;
        mergeSort(keys, perm, n, new long[n], new int[n]);
        long[] inverse = new long[n], counts = new long[n];
        int groups = 0;
        for (int i = 0; i < n; i++) {
            // NaN != NaN, so every NaN is its own group, as in PyTorch's sort-based unique
            boolean same = i > 0 && keys[i] == keys[i - 1] && !(floating && Double.isNaN(dv[perm[i]]));
            if (!same) groups++;
            counts[groups - 1]++;
            inverse[perm[i]] = groups - 1;
        }
        return result(x, flat, perm, inverse, counts, groups, returnInverse, returnCounts);
    }

    /** Integers spanning a small range are counted in O(n + range) instead of sorted; else null. */
    private static UniqueResult uniqueByCounting(Tensor x, long[] v, boolean returnInverse, boolean returnCounts) {
        int n = v.length;
        if (n == 0) return null;
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (long e : v) {
            min = Math.min(min, e);
            max = Math.max(max, e);
        }
        if ((double) max - (double) min > 2.0 * n + 1024) return null;
        int range = (int) (max - min) + 1;
        int[] count = new int[range];
        for (long e : v) count[(int) (e - min)]++;
        int[] rank = new int[range];
        int groups = 0;
        for (int i = 0; i < range; i++) if (count[i] > 0) rank[i] = groups++;
        long[] vals = new long[groups], cnt = new long[groups];
        for (int i = 0; i < range; i++) {
            if (count[i] > 0) {
                vals[rank[i]] = min + i;
                cnt[rank[i]] = count[i];
            }
        }
        Tensor values = Tensor.empty(new int[] {groups}, x.dtype());
        values.storage.writeLong(0, 1, vals, 0, groups);
        Tensor inv = null, counts = null;
        if (returnInverse) {
            long[] r = new long[n];
            for (int i = 0; i < n; i++) r[i] = rank[(int) (v[i] - min)];
            inv = Tensor.empty(x.shape.clone(), DType.INT64);
            inv.storage.writeLong(0, 1, r, 0, n);
        }
        if (returnCounts) {
            counts = Tensor.empty(new int[] {groups}, DType.INT64);
            counts.storage.writeLong(0, 1, cnt, 0, groups);
        }
        return new UniqueResult(values, inv, counts);
    }

    private static UniqueResult result(Tensor x, Tensor flat, int[] perm, long[] inverse, long[] counts,
                                       int groups, boolean returnInverse, boolean returnCounts) {
        long[] firsts = new long[groups];
        int g = -1;
        for (int i = 0; i < perm.length; i++) {
            if (i == 0 || inverse[perm[i]] != g) {
                g = (int) inverse[perm[i]];
                firsts[g] = perm[i];
            }
        }
        Tensor idx = Tensor.empty(new int[] {groups}, DType.INT64);
        idx.storage.writeLong(0, 1, firsts, 0, groups);
        Tensor values = Scatter.indexSelect(flat, 0, idx);
        Tensor inv = null, cnt = null;
        if (returnInverse) {
            inv = Tensor.empty(x.shape.clone(), DType.INT64);
            inv.storage.writeLong(0, 1, inverse, 0, inverse.length);
        }
        if (returnCounts) {
            cnt = Tensor.empty(new int[] {groups}, DType.INT64);
            cnt.storage.writeLong(0, 1, counts, 0, groups);
        }
        return new UniqueResult(values, inv, cnt);
    }

    /** Sorts one row at a time with scratch arrays reused across rows. */
    private static final class RowSorter {
        final boolean floating, packable, descending;
        final int n, keep;
        final long[] keys, tk, lv, lo, io;
        final int[] perm, tp;
        final double[] dv, dout;

        RowSorter(DType dt, int n, int keep, boolean descending) {
            this.n = n;
            this.keep = keep;
            this.descending = descending;
            floating = dt.isFloatingPoint();
            packable = dt != DType.FLOAT64 && dt != DType.INT64; // keys fit in 32 bits
            keys = new long[n];
            tk = new long[n];
            lv = new long[n];
            lo = new long[keep];
            io = new long[keep];
            perm = new int[n];
            tp = new int[n];
            dv = floating ? new double[n] : null;
            dout = floating ? new double[keep] : null;
        }

        void sortRow(Tensor xt, int r, Tensor values, Tensor indices) {
            int base = xt.offset + r * n;
            if (floating) xt.storage.readDouble(base, 1, dv, 0, n);
            else xt.storage.readLong(base, 1, lv, 0, n);
            if (keep <= n / 8) selectSmallest();
            else if (packable) packedSort();
            else {
                fillKeys();
                for (int i = 0; i < n; i++) perm[i] = i;
                mergeSort(keys, perm, n, tk, tp);
            }
            for (int i = 0; i < keep; i++) {
                io[i] = perm[i];
                if (floating) dout[i] = dv[perm[i]];
                else lo[i] = lv[perm[i]];
            }
            if (floating) values.storage.writeDouble(r * keep, 1, dout, 0, keep);
            else values.storage.writeLong(r * keep, 1, lo, 0, keep);
            indices.storage.writeLong(r * keep, 1, io, 0, keep);
        }

        private void fillKeys() {
            for (int i = 0; i < n; i++) {
                long k = floating ? key(dv[i]) : lv[i];
                keys[i] = descending ? ~k : k;
            }
        }

        /** (32-bit key, position) packed in a long: one primitive sort orders by key, then position. */
        private void packedSort() {
            for (int i = 0; i < n; i++) {
                int k = floating ? floatKey((float) dv[i]) : (int) lv[i];
                if (descending) k = ~k;
                tk[i] = ((long) k << 32) | i;
            }
            java.util.Arrays.sort(tk, 0, n);
            for (int i = 0; i < n; i++) perm[i] = (int) tk[i];
        }

        /** topk with small k: select the k-th key, gather the k first (ties by position), sort only those. */
        private void selectSmallest() {
            fillKeys();
            System.arraycopy(keys, 0, tk, 0, n);
            long kth = select(tk, n, keep - 1);
            int c = 0;
            for (int i = 0; i < n && c < keep; i++) if (keys[i] < kth) { perm[c] = i; tk[c++] = keys[i]; }
            for (int i = 0; i < n && c < keep; i++) if (keys[i] == kth) { perm[c] = i; tk[c++] = keys[i]; }
            long[] k2 = new long[keep];
            int[] p2 = new int[keep];
            mergeSort(tk, perm, keep, k2, p2);
        }
    }

    /** The k-th smallest of a[0..n) (a is reordered): quickselect, falling back to a sort if it degrades. */
    static long select(long[] a, int n, int k) {
        int lo = 0, hi = n - 1, budget = 2 * (32 - Integer.numberOfLeadingZeros(n)) + 8;
        while (hi > lo) {
            if (budget-- == 0) {
                java.util.Arrays.sort(a, lo, hi + 1);
                return a[k];
            }
            int mid = (lo + hi) >>> 1;
            long x = a[lo], y = a[mid], z = a[hi];
            long pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
            int i = lo, j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    long t = a[i]; a[i] = a[j]; a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return a[k];
        }
        return a[k];
    }

    /** As {@link #key(double)} for floats, in 32 bits. */
    static int floatKey(float v) {
        if (v != v) return Integer.MAX_VALUE;
        if (v == 0) return 0;
        int b = Float.floatToRawIntBits(v);
        return b < 0 ? b ^ Integer.MAX_VALUE : b;
    }

    /** An order-preserving map from doubles to longs: NaN is the largest, -0.0 equals 0.0. */
    static long key(double v) {
        if (v != v) return Long.MAX_VALUE;
        if (v == 0) return 0;
        long b = Double.doubleToRawLongBits(v);
        return b < 0 ? b ^ Long.MAX_VALUE : b;
    }

    private static final int RUN = 32;

    /** Stable bottom-up merge sort of keys[0..n) carrying perm along; tk/tp are scratch of length n. */
    static void mergeSort(long[] keys, int[] perm, int n, long[] tk, int[] tp) {
        for (int lo = 0; lo < n; lo += RUN) insertionSort(keys, perm, lo, Math.min(lo + RUN, n));
        long[] sk = keys, dk = tk;
        int[] sp = perm, dp = tp;
        for (int width = RUN; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n), hi = Math.min(lo + 2 * width, n);
                merge(sk, sp, dk, dp, lo, mid, hi);
            }
            long[] t = sk; sk = dk; dk = t;
            int[] u = sp; sp = dp; dp = u;
        }
        if (sk != keys) {
            System.arraycopy(sk, 0, keys, 0, n);
            System.arraycopy(sp, 0, perm, 0, n);
        }
    }

    private static void insertionSort(long[] k, int[] p, int lo, int hi) {
        for (int i = lo + 1; i < hi; i++) {
            long kv = k[i];
            int pv = p[i], j = i - 1;
            while (j >= lo && k[j] > kv) {
                k[j + 1] = k[j];
                p[j + 1] = p[j];
                j--;
            }
            k[j + 1] = kv;
            p[j + 1] = pv;
        }
    }

    private static void merge(long[] sk, int[] sp, long[] dk, int[] dp, int lo, int mid, int hi) {
        int i = lo, j = mid, o = lo;
        if (mid >= hi || sk[mid - 1] <= sk[mid]) { // already in order
            System.arraycopy(sk, lo, dk, lo, hi - lo);
            System.arraycopy(sp, lo, dp, lo, hi - lo);
            return;
        }
        while (i < mid && j < hi) {
            if (sk[i] <= sk[j]) { dk[o] = sk[i]; dp[o++] = sp[i++]; }
            else { dk[o] = sk[j]; dp[o++] = sp[j++]; }
        }
        while (i < mid) { dk[o] = sk[i]; dp[o++] = sp[i++]; }
        while (j < hi) { dk[o] = sk[j]; dp[o++] = sp[j++]; }
    }
}
