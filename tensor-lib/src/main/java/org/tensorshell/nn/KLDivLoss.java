package org.tensorshell.nn;

import org.tensorshell.Tensor;
import org.tensorshell.nn.functional.F;

/** target * (log(target) - input) for input log-probabilities (logTarget: target given as log-probabilities too). */
public class KLDivLoss extends Loss {
    public final boolean logTarget;

    public KLDivLoss() { this(Reduction.MEAN); }

    public KLDivLoss(Reduction reduction) {
        super(reduction);
        this.logTarget = false;
    }

    public KLDivLoss(Reduction reduction, boolean logTarget) {
        super(reduction);
        this.logTarget = logTarget;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return traced(input, target, F.klDiv(input, target, reduction, logTarget)); }
}
