package org.tensorshell.nn;

import org.tensorshell.Tensor;

/** x * Phi(x) (approximate "none"), or its tanh approximation ("tanh"). */
public class GELU extends Module {
    public final String approximate;

    public GELU() { this("none"); }

    public GELU(String approximate) { this.approximate = approximate; }

    @Override
    public Tensor forward(Tensor x) { return traced(x, x.gelu(approximate)); }

    @Override
    public String extraRepr() { return "approximate='" + approximate + "'"; }
}
