package org.tensorshell.nn;

import org.tensorshell.Tensor;

/** Returns its input. */
public class Identity extends Module {
    @Override
    public Tensor forward(Tensor x) { return traced(x, x); }
}
