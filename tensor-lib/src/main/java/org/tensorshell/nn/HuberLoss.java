package org.tensorshell.nn;

import org.tensorshell.Tensor;
import org.tensorshell.nn.functional.F;

/** 0.5 d^2 where |d| < delta, else delta (|d| - 0.5 delta) (default delta 1). */
public class HuberLoss extends Loss {
    public final double delta;

    public HuberLoss() { this(Reduction.MEAN); }

    public HuberLoss(Reduction reduction) {
        super(reduction);
        this.delta = 1.0;
    }

    public HuberLoss(Reduction reduction, double delta) {
        super(reduction);
        this.delta = delta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return traced(input, target, F.huberLoss(input, target, reduction, delta)); }
}
