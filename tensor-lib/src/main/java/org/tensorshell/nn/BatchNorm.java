package org.tensorshell.nn;

import org.tensorshell.DType;
import org.tensorshell.GradMode;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.nn.functional.F;

/**
 * Batch normalisation over dim 1 ({@code _BatchNorm}): in training, batch statistics, with running
 * statistics updated as {@code running = (1 - momentum) * running + momentum * batch} (unbiased variance);
 * in eval, the running statistics. A null momentum gives the cumulative average.
 * Buffers: running_mean, running_var, num_batches_tracked.
 */
public abstract class BatchNorm extends Module {
    public final long numFeatures;
    public final double eps;
    public final Double momentum;
    public final boolean affine, trackRunningStats;
    public Parameter weight;
    public Parameter bias;

    protected BatchNorm(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        if (affine) {
            weight = new Parameter(Torch.ones(numFeatures));
            bias = new Parameter(Torch.zeros(numFeatures));
        }
        if (trackRunningStats) {
            registerBuffer("running_mean", Torch.zeros(numFeatures));
            registerBuffer("running_var", Torch.ones(numFeatures));
            registerBuffer("num_batches_tracked", Torch.zeros(new long[0], DType.INT64));
        }
    }

    /** Checks the input's rank (the subclasses' difference). */
    protected abstract void checkInputDim(Tensor x);

    public void resetRunningStats() {
        if (!trackRunningStats) return;
        try (GradMode g = Torch.noGrad()) {
            buffer("running_mean").zero_();
            buffer("running_var").fill_(1);
            buffer("num_batches_tracked").fill_(0);
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        checkInputDim(x);
        double factor = momentum == null ? 0.0 : momentum;
        if (training && trackRunningStats) {
            Tensor n = buffer("num_batches_tracked");
            try (GradMode g = Torch.noGrad()) {
                n.copy_(n.add(1L));
            }
            if (momentum == null) factor = 1.0 / n.item();
        }
        boolean useBatchStats = training || !trackRunningStats;
        boolean passStats = !training || trackRunningStats;
        return traced(x, F.batchNorm(x, passStats && trackRunningStats ? buffer("running_mean") : null,
            passStats && trackRunningStats ? buffer("running_var") : null, weight, bias, useBatchStats, factor, eps));
    }

    @Override
    public String extraRepr() {
        return numFeatures + ", eps=" + Repr.pyFloat(eps) + ", momentum=" + (momentum == null ? "None" : Repr.pyFloat(momentum))
            + ", affine=" + Repr.bool(affine) + ", track_running_stats=" + Repr.bool(trackRunningStats);
    }
}
