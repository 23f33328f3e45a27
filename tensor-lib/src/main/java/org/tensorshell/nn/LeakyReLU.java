package org.tensorshell.nn;

import org.tensorshell.Tensor;

/** x for x >= 0, negativeSlope * x below (default slope 0.01). */
public class LeakyReLU extends Module {
    public final double negativeSlope;

    public LeakyReLU() { this(0.01); }

    public LeakyReLU(double negativeSlope) { this.negativeSlope = negativeSlope; }

    @Override
    public Tensor forward(Tensor x) { return traced(x, x.leakyRelu(negativeSlope)); }

    @Override
    public String extraRepr() { return "negative_slope=" + Repr.pyFloat(negativeSlope); }
}
