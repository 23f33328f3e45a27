package org.tensorshell.nn;

import org.tensorshell.Tensor;
import org.tensorshell.nn.functional.F;

/** Mean squared error: (input - target)^2, reduced. */
public class MSELoss extends Loss {

    public MSELoss() { this(Reduction.MEAN); }

    public MSELoss(Reduction reduction) {
        super(reduction);

    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return traced(input, target, F.mseLoss(input, target, reduction)); }
}
