package org.tensorshell.nn;

import org.tensorshell.Tensor;

/** Flattens dims startDim..endDim (default 1..-1) into one. */
public class Flatten extends Module {
    public final int startDim, endDim;

    public Flatten() { this(1, -1); }

    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor x) { return traced(x, x.flatten(startDim, endDim)); }

    @Override
    public String extraRepr() { return "start_dim=" + startDim + ", end_dim=" + endDim; }
}
