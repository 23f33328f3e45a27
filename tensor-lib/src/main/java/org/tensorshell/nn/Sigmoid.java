package org.tensorshell.nn;

import org.tensorshell.Tensor;

/** {@code 1 / (1 + exp(-x))}, elementwise. */
public class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor x) { return traced(x, x.sigmoid()); }
}
