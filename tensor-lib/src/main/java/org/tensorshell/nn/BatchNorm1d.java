package org.tensorshell.nn;

import org.tensorshell.Tensor;
import org.tensorshell.core.TensorError;

/** Batch normalisation of [N, C] or [N, C, L] inputs. */
public class BatchNorm1d extends BatchNorm {
    public BatchNorm1d(long numFeatures) { this(numFeatures, 1e-5, 0.1, true, true); }

    public BatchNorm1d(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected void checkInputDim(Tensor x) {
        if (x.dim() != 2 && x.dim() != 3) throw new TensorError("BatchNorm1d: expected 2D or 3D input (got " + x.dim() + "D input)");
    }
}
