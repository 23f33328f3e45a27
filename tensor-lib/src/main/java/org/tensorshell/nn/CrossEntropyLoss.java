package org.tensorshell.nn;

import org.tensorshell.Tensor;
import org.tensorshell.nn.functional.F;

/**
 * Cross entropy of logits [N, C, ...] against class indices [N, ...] (int64) or class probabilities
 * (same shape as the input), with optional class weights, an ignored index (-100) and label smoothing.
 * The weight is a buffer, as in PyTorch.
 */
public class CrossEntropyLoss extends Loss {
    public final long ignoreIndex;
    public final double labelSmoothing;

    public CrossEntropyLoss() { this(Reduction.MEAN); }

    public CrossEntropyLoss(Reduction reduction) { this(null, -100, reduction, 0.0); }

    public CrossEntropyLoss(Tensor weight) { this(weight, -100, Reduction.MEAN, 0.0); }

    public CrossEntropyLoss(Reduction reduction, double labelSmoothing) { this(null, -100, reduction, labelSmoothing); }

    public CrossEntropyLoss(Tensor weight, long ignoreIndex, Reduction reduction, double labelSmoothing) {
        super(reduction);
        registerBuffer("weight", weight);
        this.ignoreIndex = ignoreIndex;
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return traced(input, target, F.crossEntropy(input, target, buffer("weight"), ignoreIndex, reduction, labelSmoothing));
    }
}
