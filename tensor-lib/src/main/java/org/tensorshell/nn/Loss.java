package org.tensorshell.nn;

import org.tensorshell.Tensor;
import org.tensorshell.core.TensorError;

/** A loss module: {@code forward(input, target)} with a reduction (default MEAN). */
public abstract class Loss extends Module {
    public final Reduction reduction;

    protected Loss(Reduction reduction) {
        if (reduction == Reduction.BATCHMEAN && !(this instanceof KLDivLoss)) {
            throw new TensorError(getClass().getSimpleName() + ": reduction 'batchmean' is only valid for KLDivLoss");
        }
        this.reduction = reduction;
    }

    public abstract Tensor forward(Tensor input, Tensor target);

    @Override
    public Tensor forward(Tensor... inputs) {
        if (inputs.length == 2) return forward(inputs[0], inputs[1]);
        throw new TensorError(name() + ".forward: takes (input, target) but " + inputs.length + " tensors were given");
    }

    @Override
    public Tensor forward(Tensor input) {
        throw new TensorError(name() + ".forward: missing the target: call forward(input, target)");
    }
}
