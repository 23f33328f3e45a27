package org.tensorshell;

import java.util.ArrayList;
import java.util.List;
import org.tensorshell.core.Shapes;
import org.tensorshell.core.TensorError;

/** Joining and splitting along a dimension. */
final class Join {
    private Join() {}

    static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) throw new TensorError("cat: expected a non-empty list of Tensors");
        // 1-D empty tensors are skipped, as PyTorch does for legacy reasons
        List<Tensor> ts = new ArrayList<>();
        for (Tensor t : tensors) {
            if (t == null) throw new TensorError("cat: list of tensors contains null");
            if (!(t.dim() == 1 && t.numel() == 0)) ts.add(t);
        }
        if (ts.isEmpty()) return tensors.get(0).clone();
        Tensor first = ts.get(0);
        if (first.dim() == 0) {
            throw new TensorError("cat: zero-dimensional tensor (at position 0) cannot be concatenated");
        }
        int d = Shapes.dim("cat", dim, first.dim());
        DType dt = first.dtype();
        long total = 0;
        for (int i = 0; i < ts.size(); i++) {
            Tensor t = ts.get(i);
            if (t.dim() != first.dim()) {
                throw new TensorError("cat: tensors must have same number of dimensions: got " + first.dim() + " and "
                    + t.dim() + " (shapes " + Shapes.str(first.shape) + " and " + Shapes.str(t.shape) + ")");
            }
            for (int k = 0; k < t.dim(); k++) {
                if (k != d && t.shape[k] != first.shape[k]) {
                    throw new TensorError("cat: sizes of tensors must match except in dimension " + d + ". Expected size "
                        + first.shape[k] + " but got size " + t.shape[k] + " for tensor number " + i + " in the list "
                        + "(shapes " + Shapes.str(first.shape) + " and " + Shapes.str(t.shape) + ")");
                }
            }
            dt = DType.promote(dt, t.dtype());
            total += t.shape[d];
        }
        int[] shape = first.shape.clone();
        shape[d] = Math.toIntExact(total);
        Tensor out = Tensor.empty(shape, dt);
        long at = 0;
        for (Tensor t : ts) {
            if (t.shape[d] > 0) Pointwise.copyInto(out.narrow(d, at, t.shape[d]), t, "cat");
            at += t.shape[d];
        }
        return out;
    }

    static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) throw new TensorError("stack: expects a non-empty list of tensors");
        Tensor first = tensors.get(0);
        int d = Shapes.dim("stack", dim, first.dim() + 1);
        List<Tensor> parts = new ArrayList<>(tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (!java.util.Arrays.equals(t.shape, first.shape)) {
                throw new TensorError("stack: expects each tensor to be equal size, but got " + Shapes.str(first.shape)
                    + " at entry 0 and " + Shapes.str(t.shape) + " at entry " + i);
            }
            parts.add(t.unsqueeze(d));
        }
        return cat(parts, d);
    }
}
