package org.tensorshell.nn;

import org.tensorshell.Tensor;
import org.tensorshell.core.TensorError;
import org.tensorshell.nn.functional.F;

/** In training, zeroes elements with probability p (global generator) and scales the rest by 1/(1-p); identity in eval. */
public class Dropout extends Module {
    public final double p;

    public Dropout() { this(0.5); }

    public Dropout(double p) {
        if (p < 0 || p > 1) throw new TensorError("dropout probability has to be between 0 and 1, but got " + p);
        this.p = p;
    }

    @Override
    public Tensor forward(Tensor x) { return traced(x, F.dropout(x, p, training)); }

    @Override
    public String extraRepr() { return "p=" + Repr.pyFloat(p) + ", inplace=False"; }
}
