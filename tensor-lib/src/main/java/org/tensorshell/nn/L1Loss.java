package org.tensorshell.nn;

import org.tensorshell.Tensor;
import org.tensorshell.nn.functional.F;

/** Mean absolute error: |input - target|, reduced. */
public class L1Loss extends Loss {

    public L1Loss() { this(Reduction.MEAN); }

    public L1Loss(Reduction reduction) {
        super(reduction);

    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return traced(input, target, F.l1Loss(input, target, reduction)); }
}
