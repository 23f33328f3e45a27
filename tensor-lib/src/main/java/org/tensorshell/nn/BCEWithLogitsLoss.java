package org.tensorshell.nn;

import org.tensorshell.Tensor;
import org.tensorshell.nn.functional.F;

/** Sigmoid + binary cross entropy in one stable formula; posWeight scales the positive term. Buffers: weight, pos_weight. */
public class BCEWithLogitsLoss extends Loss {

    public BCEWithLogitsLoss() { this(Reduction.MEAN); }

    public BCEWithLogitsLoss(Reduction reduction) { this(null, reduction, null); }

    public BCEWithLogitsLoss(Tensor weight, Reduction reduction, Tensor posWeight) {
        super(reduction);
        registerBuffer("weight", weight);
        registerBuffer("pos_weight", posWeight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return traced(input, target, F.binaryCrossEntropyWithLogits(input, target, buffer("weight"), reduction, buffer("pos_weight")));
    }
}
