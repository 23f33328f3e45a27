package org.tensorshell.nn;

import org.tensorshell.Tensor;

/** {@code tanh(x)}, elementwise. */
public class Tanh extends Module {
    @Override
    public Tensor forward(Tensor x) { return traced(x, x.tanh()); }
}
