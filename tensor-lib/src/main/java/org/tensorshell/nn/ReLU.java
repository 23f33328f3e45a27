package org.tensorshell.nn;

import org.tensorshell.Tensor;

/** {@code max(0, x)}, elementwise. */
public class ReLU extends Module {
    @Override
    public Tensor forward(Tensor x) { return traced(x, x.relu()); }
}
