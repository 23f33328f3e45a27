package org.tensorshell.display;

/** Thins a long line for drawing: per pixel column keep the first, min, max and last points, in order. */
final class Decimate {
    private Decimate() {}

    static double[][] minMax(double[] x, double[] y, int buckets) {
        int n = Math.min(x.length, y.length);
        if (n <= 4L * buckets) return new double[][] {x, y};
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(x[i])) { lo = Math.min(lo, x[i]); hi = Math.max(hi, x[i]); }
        }
        if (!(hi > lo)) return new double[][] {x, y};
        double[] ox = new double[4 * buckets + 4], oy = new double[4 * buckets + 4];
        int m = 0, i = 0;
        while (i < n) {
            int b = bucket(x[i], lo, hi, buckets);
            int first = i, min = i, max = i, last = i;
            while (i < n && bucket(x[i], lo, hi, buckets) == b) {
                if (y[i] < y[min] || Double.isNaN(y[min])) min = i;
                if (y[i] > y[max] || Double.isNaN(y[max])) max = i;
                last = i++;
            }
            if (m + 4 > ox.length) {
                ox = java.util.Arrays.copyOf(ox, ox.length * 2);
                oy = java.util.Arrays.copyOf(oy, oy.length * 2);
            }
            int[] keep = ordered(first, min, max, last);
            for (int k : keep) {
                ox[m] = x[k];
                oy[m++] = y[k];
            }
        }
        return new double[][] {java.util.Arrays.copyOf(ox, m), java.util.Arrays.copyOf(oy, m)};
    }

    private static int bucket(double v, double lo, double hi, int buckets) {
        if (!Double.isFinite(v)) return -1;
        return (int) Math.min(buckets - 1, (v - lo) / (hi - lo) * buckets);
    }

    private static int[] ordered(int a, int b, int c, int d) {
        int[] v = java.util.stream.IntStream.of(a, b, c, d).distinct().sorted().toArray();
        return v;
    }
}
