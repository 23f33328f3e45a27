package org.tensorshell.nn.functional;

import java.util.Arrays;
import org.tensorshell.GradMode;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;

/** Normalisations as composites of reductions and pointwise ops: y = (x - mean) / sqrt(var + eps) * weight + bias. */
final class Normalization {
    private Normalization() {}

    /** A [C] tensor shaped to broadcast along dim 1 of an input with {@code dims} dims. */
    static Tensor perChannel(Tensor t, int dims) {
        long[] s = new long[dims];
        Arrays.fill(s, 1);
        s[1] = t.size(0);
        return t.view(s);
    }

    static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, boolean training,
                            double momentum, double eps) {
        if (x.dim() < 2) {
            throw new TensorError("batch_norm: expected 2D or higher input, got " + x.dim() + "D input of size " + Arrays.toString(x.shape()));
        }
        int nd = x.dim();
        long c = x.size(1);
        for (Tensor t : new Tensor[] {runningMean, runningVar, weight, bias}) {
            if (t != null && t.numel() != c) {
                throw new TensorError("batch_norm: running_mean/var, weight and bias should have " + c
                    + " elements (the size of dim 1 of input " + Arrays.toString(x.shape()) + "), got " + t.numel());
            }
        }
        Tensor mean, var;
        if (training) {
            long count = x.numel() / Math.max(c, 1);
            if (count <= 1) {
                throw new TensorError("batch_norm: Expected more than 1 value per channel when training, got input size "
                    + "torch.Size(" + Arrays.toString(x.shape()) + ")");
            }
            int[] dims = new int[nd - 1];
            dims[0] = 0;
            for (int i = 2; i < nd; i++) dims[i - 1] = i;
            mean = x.mean(dims, true);
            var = x.var(dims, 0.0, true);
            if (runningMean != null && runningVar != null) {
                try (GradMode g = Torch.noGrad()) {
                    runningMean.mul_(1 - momentum).add_(mean.detach().reshape(c).mul(momentum));
                    runningVar.mul_(1 - momentum).add_(var.detach().reshape(c).mul(momentum * count / (count - 1)));
                }
            }
        } else {
            if (runningMean == null || runningVar == null) {
                throw new TensorError("batch_norm: running_mean and running_var must be defined in evaluation mode");
            }
            mean = perChannel(runningMean, nd);
            var = perChannel(runningVar, nd);
        }
        Tensor y = x.sub(mean).mul(var.add(eps).rsqrt());
        if (weight != null) y = y.mul(perChannel(weight, nd));
        if (bias != null) y = y.add(perChannel(bias, nd));
        return y;
    }

    static Tensor layerNorm(Tensor x, long[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        int k = normalizedShape.length, nd = x.dim();
        boolean ok = k >= 1 && k <= nd;
        for (int i = 0; ok && i < k; i++) ok = x.size(nd - k + i) == normalizedShape[i];
        if (!ok) {
            throw new TensorError("layer_norm: Given normalized_shape=" + Arrays.toString(normalizedShape)
                + ", expected input with shape [*, " + Arrays.toString(normalizedShape).substring(1) + ", but got input of size "
                + Arrays.toString(x.shape()));
        }
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) dims[i] = nd - k + i;
        Tensor mean = x.mean(dims, true);
        Tensor var = x.var(dims, 0.0, true);
        Tensor y = x.sub(mean).mul(var.add(eps).rsqrt());
        if (weight != null) y = y.mul(weight);
        if (bias != null) y = y.add(bias);
        return y;
    }

    static Tensor groupNorm(Tensor x, int groups, Tensor weight, Tensor bias, double eps) {
        if (x.dim() < 2) throw new TensorError("group_norm: expected at least 2 dims, got input of size " + Arrays.toString(x.shape()));
        long n = x.size(0), c = x.size(1);
        if (c % groups != 0) {
            throw new TensorError("group_norm: Expected number of channels in input to be divisible by num_groups, but got input "
                + "of shape " + Arrays.toString(x.shape()) + " and num_groups=" + groups);
        }
        Tensor xg = x.reshape(n, groups, -1);
        Tensor mean = xg.mean(new int[] {2}, true);
        Tensor var = xg.var(new int[] {2}, 0.0, true);
        Tensor y = xg.sub(mean).mul(var.add(eps).rsqrt()).reshape(x.shape());
        if (weight != null) y = y.mul(perChannel(weight, x.dim()));
        if (bias != null) y = y.add(perChannel(bias, x.dim()));
        return y;
    }
}
