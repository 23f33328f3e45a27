package org.tensorshell.display;

import org.tensorshell.DType;
import org.tensorshell.Tensor;

/**
 * Summary statistics of a tensor for its display. {@code min}, {@code max}, {@code mean} and the
 * unbiased {@code std} (as {@code torch.std}) are over the finite values; NaN and +-Inf are counted
 * apart, so one NaN does not hide the rest. For bool tensors {@code mean} is the fraction of True.
 */
public record TensorStats(DType dtype, long count, long finite, double min, double max, double mean, double std,
                          long nan, long posInf, long negInf, long zeros) {

    /** One streaming pass over the values (rows merged with Chan's update, so the variance is stable). */
    public static TensorStats of(Tensor t) {
        Acc a = new Acc();
        Values.forEachRow(t, a::row);
        double std = a.n > 1 ? Math.sqrt(a.m2 / (a.n - 1)) : Double.NaN;
        return new TensorStats(t.dtype(), t.numel(), a.n, a.n > 0 ? a.min : Double.NaN, a.n > 0 ? a.max : Double.NaN,
            a.n > 0 ? a.mean : Double.NaN, std, a.nan, a.posInf, a.negInf, a.zeros);
    }

    /** Whether every value is finite and lies in [lo, hi]. */
    public boolean within(double lo, double hi) {
        return finite == count && count > 0 && min >= lo && max <= hi;
    }

    private static final class Acc {
        long n, nan, posInf, negInf, zeros;
        double mean, m2, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;

        void row(double[] v, int len) {
            long k = 0;
            double sum = 0;
            for (int i = 0; i < len; i++) {
                double x = v[i];
                if (Double.isFinite(x)) {
                    k++;
                    sum += x;
                    if (x < min) min = x;
                    if (x > max) max = x;
                    if (x == 0) zeros++;
                } else if (Double.isNaN(x)) {
                    nan++;
                } else if (x > 0) {
                    posInf++;
                } else {
                    negInf++;
                }
            }
            if (k == 0) return;
            double rowMean = sum / k, rowM2 = 0;
            for (int i = 0; i < len; i++) {
                double x = v[i];
                if (Double.isFinite(x)) rowM2 += (x - rowMean) * (x - rowMean);
            }
            // Chan et al.: merge (n, mean, m2) with the row's (k, rowMean, rowM2).
            long total = n + k;
            double delta = rowMean - mean;
            mean += delta * k / total;
            m2 += rowM2 + delta * delta * ((double) n * k / total);
            n = total;
        }
    }
}
