package org.tensorshell.nn;

import org.tensorshell.Tensor;
import org.tensorshell.nn.functional.F;

/** {@code y = x @ weight^T + bias}; weight [out, in] and bias initialised as in PyTorch (kaiming_uniform_, a = sqrt(5)). */
public class Linear extends Module {
    public final long inFeatures, outFeatures;
    public Parameter weight;
    public Parameter bias;

    public Linear(long inFeatures, long outFeatures) { this(inFeatures, outFeatures, true); }

    public Linear(long inFeatures, long outFeatures, boolean bias) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = param(outFeatures, inFeatures);
        this.bias = bias ? param(outFeatures) : null;
        resetParameters();
    }

    public void resetParameters() { Layers.resetAffine(weight, bias); }

    @Override
    public Tensor forward(Tensor x) { return traced(x, F.linear(x, weight, bias)); }

    @Override
    public String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + Repr.bool(bias != null);
    }
}
