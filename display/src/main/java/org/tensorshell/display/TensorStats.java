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

    private static final long PARALLEL_NUMEL = 1 << 20;

    /**
     * One streaming pass over the values (rows merged with Chan's update, so the variance is stable); large
     * tensors are split along their first dimension across the library's threads.
     */
    public static TensorStats of(Tensor tensor) {
        Tensor t = tensor.detach(); // views for the parallel split must not be recorded by autograd
        Acc a = new Acc();
        if (t.numel() >= PARALLEL_NUMEL && t.dim() >= 1 && t.size(0) > 1) {
            var parts = new java.util.concurrent.ConcurrentLinkedQueue<Acc>();
            int rows = (int) t.size(0);
            int grain = (int) Math.max(1, (PARALLEL_NUMEL / 4) / Math.max(1, t.numel() / rows));
            org.tensorshell.core.Parallel.range(rows, grain, (start, end) -> {
                Acc part = new Acc();
                Values.forEachRow(t.narrow(0, start, end - start), part::row);
                parts.add(part);
            });
            for (Acc part : parts) a.merge(part);
        } else {
            Values.forEachRow(t, a::row);
        }
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
            combine(k, rowMean, rowM2);
        }

        /** Chan et al.: merges (n, mean, m2) with another part's (k, kMean, kM2). */
        private void combine(long k, double kMean, double kM2) {
            if (k == 0) return;
            long total = n + k;
            double delta = kMean - mean;
            mean += delta * k / total;
            m2 += kM2 + delta * delta * ((double) n * k / total);
            n = total;
        }

        void merge(Acc o) {
            nan += o.nan;
            posInf += o.posInf;
            negInf += o.negInf;
            zeros += o.zeros;
            min = Math.min(min, o.min);
            max = Math.max(max, o.max);
            combine(o.n, o.mean, o.m2);
        }
    }
}
