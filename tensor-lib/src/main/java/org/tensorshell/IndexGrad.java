package org.tensorshell;

import java.util.List;
import org.tensorshell.core.Shapes;

/**
 * Backward of the indexing, joining and sorting ops. Selections send the gradient back to the selected
 * positions (adding where an index repeats); writes split it between the old value and the written one.
 */
final class IndexGrad {
    private IndexGrad() {}

    private static Tensor zerosOf(int[] shape, DType dt) { return Torch.zeros(Shapes.toLong(shape), dt); }

    static Tensor gather(Tensor x, int dim, Tensor index, Tensor out) {
        int[] shape = x.shape.clone();
        return Autograd.record("GatherBackward", out, Autograd.of(x), Autograd.NONE,
            (g, s) -> new Tensor[] {zerosOf(shape, g.dtype()).scatterAdd(dim, index, g)});
    }

    static Tensor indexSelect(Tensor x, int dim, Tensor index, Tensor out) {
        int[] shape = x.shape.clone();
        return Autograd.record("IndexSelectBackward", out, Autograd.of(x), Autograd.NONE,
            (g, s) -> new Tensor[] {zerosOf(shape, g.dtype()).indexAdd(dim, index, g)});
    }

    /** x[indices] (advanced indexing: masks and index tensors). */
    static Tensor advanced(Tensor x, Tensor[] indices, Tensor out) {
        int[] shape = x.shape.clone();
        Tensor[] idx = indices.clone();
        return Autograd.record("IndexBackward", out, Autograd.of(x), Autograd.NONE, (g, s) -> {
            Tensor z = zerosOf(shape, g.dtype());
            try (GradMode m = GradMode.scope(false)) {
                z.indexPut_(idx, g, true);
            }
            return new Tensor[] {z};
        });
    }

    static Tensor maskedSelect(Tensor x, Tensor mask, Tensor out) {
        int[] shape = x.shape.clone();
        return Autograd.record("MaskedSelectBackward", out, Autograd.of(x), Autograd.NONE, (g, s) -> {
            int[] full = Shapes.broadcast("masked_select", shape, mask.shape);
            Tensor z = zerosOf(full, g.dtype());
            try (GradMode m = GradMode.scope(false)) {
                z.indexPut_(new Tensor[] {mask.expand(Shapes.toLong(full))}, g, true);
            }
            return new Tensor[] {z};
        });
    }

    /** scatter (src or value) and scatter_add, out of place: self keeps the gradient where nothing was written. */
    static Tensor scatter(Tensor self, int dim, Tensor index, Tensor src, boolean add, Tensor out) {
        return Autograd.record(add ? "ScatterAddBackward" : "ScatterBackward", out, Autograd.of(self, src), Autograd.NONE,
            (g, s) -> new Tensor[] {add ? g : g.scatter(dim, index, 0.0), src == null ? null : g.gather(dim, index)});
    }

    static Tensor indexAdd(Tensor self, int dim, Tensor index, Tensor source, double alpha, Tensor out) {
        return Autograd.record("IndexAddBackward", out, Autograd.of(self, source), Autograd.NONE,
            (g, s) -> new Tensor[] {g, alpha == 1 ? g.indexSelect(dim, index) : g.indexSelect(dim, index).mul(alpha)});
    }

    static Tensor indexFill(Tensor self, int dim, Tensor index, Tensor out) {
        return Autograd.record("IndexFillBackward", out, Autograd.of(self), Autograd.NONE,
            (g, s) -> new Tensor[] {g.indexFill(dim, index, 0.0)});
    }

    /** index_put: self keeps the gradient except at written positions (unless accumulating); values get theirs. */
    static Tensor put(Tensor self, Tensor[] indices, Tensor values, boolean accumulate, Tensor out) {
        Tensor[] idx = indices.clone();
        int[] vshape = values.shape.clone();
        return Autograd.record("IndexPutBackward", out, Autograd.of(self, values), Autograd.NONE, (g, s) -> {
            Tensor gs = g;
            if (!accumulate) {
                gs = g.clone();
                try (GradMode m = GradMode.scope(false)) {
                    gs.indexPut_(idx, Torch.zeros(new long[0], g.dtype()), false);
                }
            }
            Tensor gv = g.get(idx);
            return new Tensor[] {gs, Autograd.sumTo(gv, vshape, "index_put")};
        });
    }

    static Tensor cat(List<Tensor> inputs, int dim, Tensor out) {
        Tensor[] ins = inputs.toArray(new Tensor[0]);
        long[] sizes = new long[ins.length];
        for (int i = 0; i < ins.length; i++) sizes[i] = ins[i].dim() == 1 && ins[i].numel() == 0 ? 0 : ins[i].shape[dim];
        return Autograd.record("CatBackward", out, ins, Autograd.NONE, (g, s) -> {
            Tensor[] r = new Tensor[ins.length];
            long at = 0;
            for (int i = 0; i < ins.length; i++) {
                if (sizes[i] > 0 || ins[i].dim() == out.dim()) r[i] = g.narrow(dim, at, sizes[i]);
                at += sizes[i];
            }
            return r;
        });
    }

    static Tensor triangle(Tensor x, long k, boolean lower, Tensor out) {
        return Autograd.record(lower ? "TrilBackward" : "TriuBackward", out, Autograd.of(x), Autograd.NONE,
            (g, s) -> new Tensor[] {lower ? g.tril(k) : g.triu(k)});
    }

    /** repeat: each input element appears once per tile; its gradient is the sum over tiles. */
    static Tensor repeat(Tensor x, long[] repeats, Tensor out) {
        int[] shape = x.shape.clone();
        return Autograd.record("RepeatBackward", out, Autograd.of(x), Autograd.NONE, (g, s) -> {
            int lead = repeats.length - shape.length;
            long[] split = new long[2 * repeats.length];
            int[] sumDims = new int[repeats.length];
            for (int i = 0; i < repeats.length; i++) {
                long size = i < lead ? 1 : shape[i - lead];
                split[2 * i] = repeats[i];
                split[2 * i + 1] = size;
                sumDims[i] = 2 * i;
            }
            return new Tensor[] {g.reshape(split).sum(sumDims, false).reshape(Shapes.toLong(shape))};
        });
    }

    static Tensor flip(Tensor x, int[] dims, Tensor out) {
        return Autograd.record("FlipBackward", out, Autograd.of(x), Autograd.NONE, (g, s) -> new Tensor[] {g.flip(dims)});
    }

    static Tensor roll(Tensor x, long[] shifts, int[] dims, Tensor out) {
        long[] back = new long[shifts.length];
        for (int i = 0; i < shifts.length; i++) back[i] = -shifts[i];
        return Autograd.record("RollBackward", out, Autograd.of(x), Autograd.NONE,
            (g, s) -> new Tensor[] {g.roll(back, dims)});
    }

    /** sort/topk values: the gradient goes back to where each value came from. */
    static ValuesIndices sorted(Tensor x, int dim, ValuesIndices r) {
        int[] shape = x.shape.clone();
        if (x.dim() == 0) {
            Autograd.record("SortBackward", r.values(), Autograd.of(x), Autograd.NONE, (g, s) -> new Tensor[] {g});
            return r;
        }
        int d = Shapes.dim("sort", dim, x.dim());
        Tensor idx = r.indices();
        Autograd.record("SortBackward", r.values(), Autograd.of(x), Autograd.NONE,
            (g, s) -> new Tensor[] {zerosOf(shape, g.dtype()).scatter(d, idx, g)});
        return r;
    }
}
