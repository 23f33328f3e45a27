package org.tensorshell.nn;

import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;
import org.tensorshell.nn.functional.F;

/** Normalises each group of channels of each sample; per-channel affine map. */
public class GroupNorm extends Module {
    public final int numGroups;
    public final long numChannels;
    public final double eps;
    public final boolean affine;
    public Parameter weight;
    public Parameter bias;

    public GroupNorm(int numGroups, long numChannels) { this(numGroups, numChannels, 1e-5, true); }

    public GroupNorm(int numGroups, long numChannels, double eps, boolean affine) {
        if (numChannels % numGroups != 0) throw new TensorError("GroupNorm: num_channels must be divisible by num_groups");
        this.numGroups = numGroups;
        this.numChannels = numChannels;
        this.eps = eps;
        this.affine = affine;
        if (affine) {
            weight = new Parameter(Torch.ones(numChannels));
            bias = new Parameter(Torch.zeros(numChannels));
        }
    }

    @Override
    public Tensor forward(Tensor x) { return traced(x, F.groupNorm(x, numGroups, weight, bias, eps)); }

    @Override
    public String extraRepr() {
        return numGroups + ", " + numChannels + ", eps=" + Repr.pyFloat(eps) + ", affine=" + Repr.bool(affine);
    }
}
