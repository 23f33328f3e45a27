package org.tensorshell.nn;

import org.tensorshell.Tensor;

/** {@code x * sigmoid(x)}, elementwise. */
public class SiLU extends Module {
    @Override
    public Tensor forward(Tensor x) { return traced(x, x.silu()); }
}
