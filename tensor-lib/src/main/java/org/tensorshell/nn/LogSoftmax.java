package org.tensorshell.nn;

import org.tensorshell.Tensor;

/** {@code logSoftmax} along dim. */
public class LogSoftmax extends Module {
    public final int dim;

    public LogSoftmax(int dim) { this.dim = dim; }

    @Override
    public Tensor forward(Tensor x) { return traced(x, x.logSoftmax(dim)); }

    @Override
    public String extraRepr() { return "dim=" + dim; }
}
