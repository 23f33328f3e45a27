package org.tensorshell.nn;

import org.tensorshell.Tensor;

/** Splits dim into the given sizes. */
public class Unflatten extends Module {
    public final int dim;
    public final long[] unflattenedSize;

    public Unflatten(int dim, long... unflattenedSize) {
        this.dim = dim;
        this.unflattenedSize = unflattenedSize.clone();
    }

    @Override
    public Tensor forward(Tensor x) { return traced(x, x.unflatten(dim, unflattenedSize)); }

    @Override
    public String extraRepr() { return "dim=" + dim + ", unflattened_size=" + Repr.tuple(unflattenedSize); }
}
