package org.tensorshell.nn;

import org.tensorshell.Tensor;
import org.tensorshell.core.TensorError;

/** Batch normalisation of [N, C, H, W] inputs. */
public class BatchNorm2d extends BatchNorm {
    public BatchNorm2d(long numFeatures) { this(numFeatures, 1e-5, 0.1, true, true); }

    public BatchNorm2d(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected void checkInputDim(Tensor x) {
        if (x.dim() != 4) throw new TensorError("BatchNorm2d: expected 4D input (got " + x.dim() + "D input)");
    }
}
