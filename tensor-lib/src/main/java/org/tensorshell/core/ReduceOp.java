package org.tensorshell.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.tensorshell.DType;

/**
 * The closed set of row reductions. A row is fed to a {@link State} in tiles of the compute type
 * (float[], double[] or long[], as {@link TileLoop} uses); partial states of one long row, computed in
 * parallel over fixed blocks, are combined in block order, so results do not depend on the thread count.
 *
 * <p>Floating sums accumulate in double (PyTorch's CPU accumulation type for float), integer and bool
 * sums in int64 with wrap-around. MAX/MIN propagate NaN; ARGMAX/ARGMIN take the first NaN, else the
 * first of equal extremes, as PyTorch does.
 */
public enum ReduceOp {
    SUM, PROD, MAX, MIN, ARGMAX, ARGMIN,
    /** Sum of squares (2-norm, variance). */
    SUMSQ,
    /** Count of elements that are not zero (NaN counts): all, any, count_nonzero. */
    NONZERO;

    /** A running reduction: {@code d} for floating values, {@code l} for integer values and counts, {@code idx} for arg ops. */
    public static final class State {
        public double d;
        public long l;
        public long idx = -1;
        boolean seen;
    }

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    public State init() {
        State s = new State();
        switch (this) {
            case PROD -> { s.d = 1; s.l = 1; }
            case SUM, SUMSQ, NONZERO, MAX, MIN, ARGMAX, ARGMIN -> { }
        }
        return s;
    }

    /** Feeds {@code n} elements of a tile whose first element has index {@code base} within the row. */
    public void feed(State s, Object tile, int n, long base, DType compute) {
        if (n == 0) return;
        switch (compute) {
            case FLOAT32 -> feedFloat(s, (float[]) tile, n, base);
            case FLOAT64 -> feedDouble(s, (double[]) tile, n, base);
            case INT64, INT32, BOOL -> feedLong(s, (long[]) tile, n, base);
        }
    }

    private void feedFloat(State s, float[] a, int n, long base) {
        switch (this) {
            case SUM -> s.d += sumF(a, n, false);
            case SUMSQ -> s.d += sumF(a, n, true);
            case MAX, MIN -> {
                double m = extremeF(a, n, this == MAX);
                s.d = s.seen ? better(this == MAX, s.d, m) : m;
            }
            case PROD, ARGMAX, ARGMIN, NONZERO -> {
                double[] d = new double[n];
                for (int i = 0; i < n; i++) d[i] = a[i];
                feedDouble(s, d, n, base);
                return;
            }
        }
        s.seen = true;
    }

    private void feedDouble(State s, double[] a, int n, long base) {
        switch (this) {
            case SUM -> s.d += sumD(a, n, false);
            case SUMSQ -> s.d += sumD(a, n, true);
            case PROD -> {
                double p = s.d;
                for (int i = 0; i < n; i++) p *= a[i];
                s.d = p;
            }
            case MAX, MIN -> {
                double m = a[0];
                boolean max = this == MAX;
                for (int i = 1; i < n; i++) m = better(max, m, a[i]);
                s.d = s.seen ? better(max, s.d, m) : m;
            }
            case ARGMAX, ARGMIN -> {
                boolean max = this == ARGMAX;
                for (int i = 0; i < n; i++) {
                    double v = a[i];
                    if (!s.seen || (s.d == s.d && (v != v || (max ? v > s.d : v < s.d)))) {
                        s.d = v;
                        s.idx = base + i;
                        s.seen = true;
                    }
                }
            }
            case NONZERO -> {
                long c = 0;
                for (int i = 0; i < n; i++) if (a[i] != 0) c++;
                s.l += c;
            }
        }
        s.seen = true;
    }

    private void feedLong(State s, long[] a, int n, long base) {
        switch (this) {
            case SUM -> {
                long t = 0;
                for (int i = 0; i < n; i++) t += a[i];
                s.l += t;
            }
            case SUMSQ -> {
                long t = 0;
                for (int i = 0; i < n; i++) t += a[i] * a[i];
                s.l += t;
            }
            case PROD -> {
                long p = s.l;
                for (int i = 0; i < n; i++) p *= a[i];
                s.l = p;
            }
            case MAX, MIN -> {
                long m = s.seen ? s.l : a[0];
                for (int i = 0; i < n; i++) m = this == MAX ? Math.max(m, a[i]) : Math.min(m, a[i]);
                s.l = m;
            }
            case ARGMAX, ARGMIN -> {
                for (int i = 0; i < n; i++) {
                    long v = a[i];
                    if (!s.seen || (this == ARGMAX ? v > s.l : v < s.l)) {
                        s.l = v;
                        s.idx = base + i;
                        s.seen = true;
                    }
                }
            }
            case NONZERO -> {
                long c = 0;
                for (int i = 0; i < n; i++) if (a[i] != 0) c++;
                s.l += c;
            }
        }
        s.seen = true;
    }

    /** Folds {@code next} (the state of the following block of the same row) into {@code s}. */
    public void combine(State s, State next, boolean floating) {
        if (!next.seen) return;
        if (!s.seen) {
            s.d = next.d; s.l = next.l; s.idx = next.idx; s.seen = true;
            return;
        }
        switch (this) {
            case SUM, SUMSQ, NONZERO -> { s.d += next.d; s.l += next.l; }
            case PROD -> { s.d *= next.d; s.l *= next.l; }
            case MAX, MIN -> {
                if (floating) s.d = better(this == MAX, s.d, next.d);
                else s.l = this == MAX ? Math.max(s.l, next.l) : Math.min(s.l, next.l);
            }
            case ARGMAX, ARGMIN -> {
                boolean max = this == ARGMAX;
                boolean take = floating
                    ? s.d == s.d && (next.d != next.d || (max ? next.d > s.d : next.d < s.d))
                    : (max ? next.l > s.l : next.l < s.l);
                if (take) { s.d = next.d; s.l = next.l; s.idx = next.idx; }
            }
        }
    }

    /** The larger (or smaller) of two values; NaN wins. */
    private static double better(boolean max, double a, double b) {
        if (a != a || b != b) return Double.NaN;
        return max ? Math.max(a, b) : Math.min(a, b);
    }

    /** Sum (or sum of squares) of floats, widened to double lane by lane. */
    static double sumF(float[] a, int n, boolean squares) {
        DoubleVector acc0 = DoubleVector.zero(DS), acc1 = DoubleVector.zero(DS);
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) {
            FloatVector v = FloatVector.fromArray(FS, a, i);
            DoubleVector lo = (DoubleVector) v.convertShape(VectorOperators.F2D, DS, 0);
            DoubleVector hi = (DoubleVector) v.convertShape(VectorOperators.F2D, DS, 1);
            if (squares) {
                acc0 = lo.fma(lo, acc0);
                acc1 = hi.fma(hi, acc1);
            } else {
                acc0 = acc0.add(lo);
                acc1 = acc1.add(hi);
            }
        }
        double s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += squares ? (double) a[i] * a[i] : a[i];
        return s;
    }

    static double sumD(double[] a, int n, boolean squares) {
        DoubleVector acc0 = DoubleVector.zero(DS), acc1 = DoubleVector.zero(DS);
        int i = 0, step = DS.length(), bound = n - 2 * step + 1;
        for (; i < bound; i += 2 * step) {
            DoubleVector v0 = DoubleVector.fromArray(DS, a, i), v1 = DoubleVector.fromArray(DS, a, i + step);
            if (squares) {
                acc0 = v0.fma(v0, acc0);
                acc1 = v1.fma(v1, acc1);
            } else {
                acc0 = acc0.add(v0);
                acc1 = acc1.add(v1);
            }
        }
        double s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += squares ? a[i] * a[i] : a[i];
        return s;
    }

    /** Max or min of floats; NaN if any element is NaN. */
    static double extremeF(float[] a, int n, boolean max) {
        VectorOperators.Associative op = max ? VectorOperators.MAX : VectorOperators.MIN;
        int i = 0, bound = FS.loopBound(n);
        float m = a[0];
        if (bound > 0) {
            FloatVector acc = FloatVector.fromArray(FS, a, 0);
            for (i = FS.length(); i < bound; i += FS.length()) acc = acc.lanewise(op, FloatVector.fromArray(FS, a, i));
            m = acc.reduceLanes(op);
        }
        // Vector MAX/MIN follow Math.max/min, so a NaN lane propagates to the result.
        boolean nan = m != m;
        for (; i < n; i++) {
            float v = a[i];
            if (v != v) nan = true;
            m = max ? Math.max(m, v) : Math.min(m, v);
        }
        return nan ? Double.NaN : m;
    }
}
