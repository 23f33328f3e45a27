package org.tensorshell.nn;

import org.tensorshell.Tensor;
import org.tensorshell.nn.functional.F;

/** 0.5 d^2 / beta where |d| < beta, else |d| - 0.5 beta (default beta 1). */
public class SmoothL1Loss extends Loss {
    public final double beta;

    public SmoothL1Loss() { this(Reduction.MEAN); }

    public SmoothL1Loss(Reduction reduction) {
        super(reduction);
        this.beta = 1.0;
    }

    public SmoothL1Loss(Reduction reduction, double beta) {
        super(reduction);
        this.beta = beta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return traced(input, target, F.smoothL1Loss(input, target, reduction, beta)); }
}
