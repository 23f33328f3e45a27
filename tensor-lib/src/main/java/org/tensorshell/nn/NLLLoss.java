package org.tensorshell.nn;

import org.tensorshell.Tensor;
import org.tensorshell.nn.functional.F;

/** Negative log likelihood of log-probabilities [N, C, ...] at class indices [N, ...]; weight is a buffer. */
public class NLLLoss extends Loss {
    public final long ignoreIndex;

    public NLLLoss() { this(Reduction.MEAN); }

    public NLLLoss(Reduction reduction) { this(null, -100, reduction); }

    public NLLLoss(Tensor weight, long ignoreIndex, Reduction reduction) {
        super(reduction);
        registerBuffer("weight", weight);
        this.ignoreIndex = ignoreIndex;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return traced(input, target, F.nllLoss(input, target, buffer("weight"), ignoreIndex, reduction));
    }
}
