package org.tensorshell;

import org.tensorshell.core.Shapes;
import org.tensorshell.core.TensorError;

/** Random sampling. Values are drawn in row-major order from one generator, so they never depend on threads. */
final class RandomOps {
    private RandomOps() {}

    static Tensor uniform(Tensor t, double from, double to, Generator g) {
        if (!(from <= to) || !Double.isFinite(to - from)) {
            throw new TensorError("uniform_: expects from <= to and a finite range, got from=" + from + ", to=" + to);
        }
        requireFloating("uniform_", t);
        Tensor target = t.isContiguous() ? t : t.contiguousCopy();
        int n = (int) t.numel();
        boolean f32 = t.dtype() == DType.FLOAT32;
        synchronized (g) {
            for (int i = 0; i < n; i++) {
                double u = f32 ? g.nextFloat() : g.nextDouble();
                target.storage.setDouble(target.offset + i, from + u * (to - from));
            }
        }
        return finish(t, target, "uniform_");
    }

    static Tensor normal(Tensor t, double mean, double std, Generator g) {
        if (!(std >= 0) || !Double.isFinite(mean)) {
            throw new TensorError("normal_: expects std >= 0.0 and a finite mean, got mean=" + mean + ", std=" + std);
        }
        requireFloating("normal_", t);
        Tensor target = t.isContiguous() ? t : t.contiguousCopy();
        int n = (int) t.numel();
        synchronized (g) {
            for (int i = 0; i < n; i++) target.storage.setDouble(target.offset + i, mean + std * g.nextGaussian());
        }
        return finish(t, target, "normal_");
    }

    private static Tensor finish(Tensor t, Tensor target, String op) {
        if (target != t) t.copy_(target);
        else t.beginInPlace(op);
        return t;
    }

    static Tensor randint(long low, long high, int[] shape, Generator g) {
        if (low >= high) {
            throw new TensorError("randint: random_ expects 'from' to be less than 'to', but got from=" + low + " >= to=" + high);
        }
        Tensor t = Tensor.empty(shape, DType.INT64);
        int n = (int) Shapes.numel(shape);
        long range = high - low; // wraps negative when the range exceeds 2^63
        synchronized (g) {
            for (int i = 0; i < n; i++) {
                long v;
                if (range > 0) {
                    v = low + g.nextBounded(range);
                } else {
                    do { v = g.nextLong(); } while (v < low || v >= high);
                }
                t.storage.setLong(i, v);
            }
        }
        return t;
    }

    static Tensor randperm(long n, Generator g) {
        if (n < 0) throw new TensorError("randperm: n must be non-negative, got " + n);
        Tensor t = Tensor.empty(Shapes.checked("randperm", new long[] {n}), DType.INT64);
        long[] p = new long[(int) n];
        for (int i = 0; i < n; i++) p[i] = i;
        synchronized (g) {
            // Fisher-Yates
            for (int i = (int) n - 1; i > 0; i--) {
                int j = (int) g.nextBounded(i + 1);
                long tmp = p[i];
                p[i] = p[j];
                p[j] = tmp;
            }
        }
        t.storage.writeLong(0, 1, p, 0, p.length);
        return t;
    }

    static Tensor bernoulli(Tensor p, Generator g) {
        Tensor probs = p.to(DType.FLOAT64).contiguous();
        int n = (int) probs.numel();
        Tensor out = Tensor.empty(p.shape.clone(), p.dtype().isFloatingPoint() ? p.dtype() : DType.FLOAT32);
        synchronized (g) {
            for (int i = 0; i < n; i++) {
                double q = probs.storage.getDouble(probs.offset + i);
                if (!(q >= 0 && q <= 1)) {
                    throw new TensorError("bernoulli: expected all probabilities to be in [0, 1], got " + q + " at index " + i);
                }
                out.storage.setDouble(i, g.nextDouble() < q ? 1 : 0);
            }
        }
        return out;
    }

    static Tensor multinomial(Tensor probs, long numSamples, boolean replacement, Generator g) {
        if (probs.dim() < 1 || probs.dim() > 2) {
            throw new TensorError("multinomial: prob_dist must be 1 or 2 dim, got shape " + Shapes.str(probs.shape));
        }
        if (!probs.dtype().isFloatingPoint()) {
            throw new TensorError("multinomial: only supports floating-point dtypes for input, got " + probs.dtype());
        }
        Tensor p2 = (probs.dim() == 1 ? probs.unsqueeze(0) : probs).to(DType.FLOAT64).contiguous();
        int rows = p2.shape[0], cats = p2.shape[1];
        if (numSamples <= 0) throw new TensorError("multinomial: cannot sample n_sample <= 0 samples, got " + numSamples);
        if (!replacement && numSamples > cats) {
            throw new TensorError("multinomial: cannot sample n_sample > prob_dist.size(-1) samples without replacement ("
                + numSamples + " > " + cats + ")");
        }
        Tensor out = Tensor.empty(Shapes.checked("multinomial", new long[] {rows, numSamples}), DType.INT64);
        double[] w = new double[cats];
        synchronized (g) {
            for (int r = 0; r < rows; r++) {
                double sum = 0;
                for (int c = 0; c < cats; c++) {
                    w[c] = p2.storage.getDouble(r * cats + c);
                    if (!(w[c] >= 0) || Double.isInfinite(w[c])) {
                        throw new TensorError("multinomial: probability tensor contains either inf, nan or element < 0");
                    }
                    sum += w[c];
                }
                if (sum <= 0) throw new TensorError("multinomial: invalid multinomial distribution (sum of probabilities <= 0)");
                for (int s = 0; s < numSamples; s++) {
                    double u = g.nextDouble() * sum, acc = 0;
                    int pick = cats - 1;
                    for (int c = 0; c < cats; c++) {
                        acc += w[c];
                        if (u < acc && w[c] > 0) {
                            pick = c;
                            break;
                        }
                    }
                    while (w[pick] == 0 && pick > 0) pick--;
                    out.storage.setLong(r * (int) numSamples + s, pick);
                    if (!replacement) {
                        sum -= w[pick];
                        w[pick] = 0;
                        if (sum <= 0 && s + 1 < numSamples) {
                            throw new TensorError("multinomial: fewer non-zero probabilities than samples requested without replacement");
                        }
                    }
                }
            }
        }
        return probs.dim() == 1 ? out.squeeze(0) : out;
    }

    private static void requireFloating(String op, Tensor t) {
        if (!t.dtype().isFloatingPoint()) {
            throw new TensorError(op + ": expected a floating point tensor, got " + t.dtype());
        }
    }
}
