package org.tensorshell.nn;

import org.tensorshell.Tensor;
import org.tensorshell.nn.functional.F;

/** Binary cross entropy of probabilities: -(t log x + (1 - t) log(1 - x)), logs clamped at -100; weight is a buffer. */
public class BCELoss extends Loss {

    public BCELoss() { this(Reduction.MEAN); }

    public BCELoss(Reduction reduction) { this(null, reduction); }

    public BCELoss(Tensor weight, Reduction reduction) {
        super(reduction);
        registerBuffer("weight", weight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return traced(input, target, F.binaryCrossEntropy(input, target, buffer("weight"), reduction));
    }
}
