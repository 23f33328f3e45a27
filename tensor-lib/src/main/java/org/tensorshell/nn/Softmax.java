package org.tensorshell.nn;

import org.tensorshell.Tensor;

/** {@code softmax} along dim. */
public class Softmax extends Module {
    public final int dim;

    public Softmax(int dim) { this.dim = dim; }

    @Override
    public Tensor forward(Tensor x) { return traced(x, x.softmax(dim)); }

    @Override
    public String extraRepr() { return "dim=" + dim; }
}
