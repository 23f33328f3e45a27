package org.tensorshell;

import java.util.ArrayList;
import java.util.List;
import org.tensorshell.core.Shapes;
import org.tensorshell.core.TensorError;

/** Joining and splitting along a dimension. */
final class Join {
    private Join() {}

    static Tensor cat(List<Tensor> tensors, int dim) {
        if (Autograd.needed(tensors.toArray(new Tensor[0]))) {
            Tensor r;
            try (GradMode g = GradMode.scope(false)) {
                r = cat(tensors, dim);
            }
            return IndexGrad.cat(tensors, Shapes.dim("cat", dim, r.dim()), r);
        }
        if (tensors.isEmpty()) throw new TensorError("cat: expected a non-empty list of Tensors");
        // 1-D empty tensors are skipped, as PyTorch does for legacy reasons
        // ... but they still take part in type promotion
        List<Tensor> ts = new ArrayList<>();
        DType dt = null;
        for (Tensor t : tensors) {
            if (t == null) throw new TensorError("cat: list of tensors contains null");
            if (!(t.dim() == 1 && t.numel() == 0)) ts.add(t);
            dt = dt == null ? t.dtype() : DType.promote(dt, t.dtype());
        }
        if (ts.isEmpty()) return Tensor.empty(new int[] {0}, dt);
        Tensor first = ts.get(0);
        if (first.dim() == 0) {
            throw new TensorError("cat: zero-dimensional tensor (at position 0) cannot be concatenated");
        }
        int d = Shapes.dim("cat", dim, first.dim());
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

    // ---------------------------------------------------------------- splitting (views)

    /** Pieces of {@code size} along dim (the last may be smaller), as views. */
    static List<Tensor> split(Tensor t, long size, int dim) {
        if (t.dim() == 0) throw new TensorError("split: expected a tensor with at least 1 dimension, got a 0-dim tensor");
        int d = Shapes.dim("split", dim, t.dim());
        int n = t.shape[d];
        if (size < 0) throw new TensorError("split: split_size must be non-negative, got " + size);
        if (size == 0 && n != 0) {
            throw new TensorError("split: split_size can only be 0 if dimension size is 0, but got dimension size of " + n);
        }
        List<Tensor> out = new ArrayList<>();
        if (n == 0) {
            out.add(t.view(t.shape, t.stride, t.offset));
            return out;
        }
        for (long at = 0; at < n; at += size) out.add(Views.slice(t, d, at, Math.min(n, at + size), 1));
        return out;
    }

    /** Pieces with the given sizes along dim (they must add up to its size), as views. */
    static List<Tensor> split(Tensor t, long[] sizes, int dim) {
        if (t.dim() == 0) throw new TensorError("split_with_sizes: expected a tensor with at least 1 dimension, got a 0-dim tensor");
        int d = Shapes.dim("split_with_sizes", dim, t.dim());
        long sum = 0;
        for (long s : sizes) {
            if (s < 0) {
                throw new TensorError("split_with_sizes: expects split_sizes have only non-negative entries, but got "
                    + "split_sizes=" + Shapes.str(sizes));
            }
            sum += s;
        }
        if (sum != t.shape[d]) {
            throw new TensorError("split_with_sizes: expects split_sizes to sum exactly to " + t.shape[d]
                + " (input tensor's size at dimension " + d + "), but got split_sizes=" + Shapes.str(sizes));
        }
        List<Tensor> out = new ArrayList<>(sizes.length);
        long at = 0;
        for (long s : sizes) {
            out.add(Views.slice(t, d, at, at + s, 1));
            at += s;
        }
        return out;
    }

    /** PyTorch's chunk: pieces of ceil(size / chunks), so there may be fewer than {@code chunks}. */
    static List<Tensor> chunk(Tensor t, int chunks, int dim) {
        if (t.dim() == 0) throw new TensorError("chunk: expects at least a 1-dimensional tensor");
        if (chunks <= 0) throw new TensorError("chunk: expects `chunks` to be greater than 0, got: " + chunks);
        int d = Shapes.dim("chunk", dim, t.dim());
        int n = t.shape[d];
        if (n == 0) return java.util.Collections.nCopies(chunks, t.view(t.shape, t.stride, t.offset)); // all empty
        return split(t, (n + chunks - 1) / chunks, d);
    }

    /** The slices along dim, each without that dimension (views). */
    static List<Tensor> unbind(Tensor t, int dim) {
        if (t.dim() == 0) throw new TensorError("unbind: dimension specified as " + dim + " but tensor has no dimensions");
        int d = Shapes.dim("unbind", dim, t.dim());
        List<Tensor> out = new ArrayList<>(t.shape[d]);
        for (int i = 0; i < t.shape[d]; i++) out.add(Views.select(t, d, i));
        return out;
    }

    // ---------------------------------------------------------------- repeating, flipping, rolling (copies)

    /** Tiles the tensor: dimension i is repeated repeats[i] times (leading repeats add dimensions). */
    static Tensor repeat(Tensor t, long[] repeats) {
        if (Autograd.needed(t)) {
            Tensor r;
            try (GradMode g = GradMode.scope(false)) {
                r = repeat(t, repeats);
            }
            return IndexGrad.repeat(t, repeats, r);
        }
        int n = repeats.length;
        if (n < t.dim()) {
            throw new TensorError("repeat: Number of dimensions of repeat dims (" + n + ") can not be smaller than number "
                + "of dimensions of tensor (" + t.dim() + ", shape " + Shapes.str(t.shape) + ")");
        }
        long[] padded = new long[n], target = new long[n];
        int lead = n - t.dim();
        for (int i = 0; i < n; i++) {
            padded[i] = i < lead ? 1 : t.shape[i - lead];
            target[i] = padded[i] * repeats[i];
        }
        Shapes.checked("repeat", target);
        // [s0, s1] is viewed as [1, s0, 1, s1], expanded to [r0, s0, r1, s1] and copied out.
        long[] inter = new long[2 * n], expanded = new long[2 * n];
        for (int i = 0; i < n; i++) {
            inter[2 * i] = 1;
            inter[2 * i + 1] = padded[i];
            expanded[2 * i] = repeats[i];
            expanded[2 * i + 1] = padded[i];
        }
        Tensor out = t.reshape(inter).expand(expanded).contiguousCopy();
        return out.view(Shapes.checked("repeat", target), Shapes.contiguousStrides(Shapes.checked("repeat", target)), 0);
    }

    /** A copy with the order of elements reversed along the given dims. */
    static Tensor flip(Tensor t, int[] dims) {
        if (Autograd.needed(t)) {
            Tensor r;
            try (GradMode g = GradMode.scope(false)) {
                r = flip(t, dims);
            }
            return IndexGrad.flip(t, dims, r);
        }
        int[] shape = t.shape.clone(), stride = t.stride.clone();
        int offset = t.offset;
        boolean[] seen = new boolean[Math.max(1, t.dim())];
        for (int dim : dims) {
            int d = Shapes.dim("flip", dim, t.dim());
            if (seen[d]) throw new TensorError("flip: dim " + d + " appears multiple times in the list of dims");
            seen[d] = true;
            if (t.dim() == 0 || shape[d] == 0) continue;
            // reading with a negative stride from the last element reverses the dimension
            offset += (shape[d] - 1) * stride[d];
            stride[d] = -stride[d];
        }
        return new Tensor(t.storage, shape, stride, offset).contiguousCopy();
    }

    /** Rotates elements along dims by shifts (wrapping around); with no dims, over the flattened tensor. */
    static Tensor roll(Tensor t, long[] shifts, int[] dims) {
        if (Autograd.needed(t)) {
            Tensor r;
            try (GradMode g = GradMode.scope(false)) {
                r = roll(t, shifts, dims);
            }
            return IndexGrad.roll(t, shifts, dims, r);
        }
        if (dims.length == 0) {
            if (shifts.length != 1) {
                throw new TensorError("roll: shifts and dimensions must align. shifts: " + shifts.length + ", dims:0");
            }
            return roll(t.flatten(), shifts, new int[] {0}).view(t.shape());
        }
        if (shifts.length != dims.length) {
            throw new TensorError("roll: shifts and dimensions must align. shifts: " + shifts.length + ", dims:" + dims.length);
        }
        int[] ds = new int[dims.length];
        for (int i = 0; i < dims.length; i++) ds[i] = Shapes.dim("roll", dims[i], t.dim());
        Tensor r = t;
        for (int i = 0; i < ds.length; i++) r = rollOne(r, shifts[i], ds[i]);
        return r == t ? t.clone() : r;
    }

    private static Tensor rollOne(Tensor t, long shift, int d) {
        if (t.dim() == 0) return t;
        int n = t.shape[d];
        if (n == 0) return t;
        long s = Math.floorMod(shift, n);
        if (s == 0) return t;
        Tensor out = Tensor.empty(t.shape.clone(), t.dtype());
        Pointwise.copyInto(Views.slice(out, d, s, n, 1), Views.slice(t, d, 0, n - s, 1), "roll");
        Pointwise.copyInto(Views.slice(out, d, 0, s, 1), Views.slice(t, d, n - s, n, 1), "roll");
        return out;
    }

    /** Concatenates column-wise: along dim 0 for 1-D tensors, else along dim 1. */
    static Tensor hstack(List<Tensor> tensors) {
        List<Tensor> ts = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) ts.add(t.dim() == 0 ? t.reshape(1) : t);
        if (ts.isEmpty()) throw new TensorError("hstack: expects a non-empty list of tensors");
        return cat(ts, ts.get(0).dim() == 1 ? 0 : 1);
    }

    /** Concatenates row-wise after making every tensor at least 2-D. */
    static Tensor vstack(List<Tensor> tensors) {
        List<Tensor> ts = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) ts.add(t.dim() == 0 ? t.reshape(1, 1) : t.dim() == 1 ? t.unsqueeze(0) : t);
        if (ts.isEmpty()) throw new TensorError("vstack: expects a non-empty list of tensors");
        return cat(ts, 0);
    }

    /** One-hot encoding of int64 class indices: input.shape + [numClasses], int64. */
    static Tensor oneHot(Tensor input, int numClasses) {
        if (input.dtype() != DType.INT64) {
            throw new TensorError("one_hot: one_hot is only applicable to index tensor (int64), got " + input.dtype());
        }
        long[] v = input.toLongArray();
        long max = -1;
        for (long c : v) {
            if (c < 0) throw new TensorError("one_hot: Class values must be non-negative (got " + c + ")");
            max = Math.max(max, c);
        }
        if (numClasses == -1) {
            if (v.length == 0) throw new TensorError("one_hot: Can not infer total number of classes from empty tensor.");
            numClasses = (int) Math.min(Integer.MAX_VALUE, max + 1);
        } else if (numClasses < -1) {
            throw new TensorError("one_hot: num_classes should be -1 (infer) or a non-negative number, got " + numClasses);
        } else if (max >= numClasses) {
            throw new TensorError("one_hot: Class values must be smaller than num_classes (got class " + max
                + " with num_classes " + numClasses + ")");
        }
        int[] shape = java.util.Arrays.copyOf(input.shape, input.dim() + 1);
        shape[input.dim()] = numClasses;
        Shapes.checked("one_hot", Shapes.toLong(shape));
        Tensor out = Tensor.empty(shape, DType.INT64);
        for (int i = 0; i < v.length; i++) out.storage.setLong(i * numClasses + (int) v[i], 1);
        return out;
    }

    /** Repeats each slice along dim repeats[i] times (one count for all, or one per slice); no dim: flattened. */
    static Tensor repeatInterleave(Tensor t, Tensor repeats, Integer dim) {
        String op = "repeat_interleave";
        if (repeats.dtype() != DType.INT64 && repeats.dtype() != DType.INT32) {
            throw new TensorError(op + ": repeats must be an integer tensor, got " + repeats.dtype());
        }
        if (repeats.dim() > 1) throw new TensorError(op + ": repeats must be 0-dim or 1-dim tensor, got shape " + Shapes.str(repeats.shape));
        if (dim != null && t.dim() == 0) {
            throw new TensorError(op + ": Dimension specified as " + dim + " but tensor has no dimensions");
        }
        Tensor x = dim == null ? t.reshape(-1) : t;
        int d = dim == null ? 0 : Shapes.dim(op, dim, x.dim());
        Tensor xv = x;
        int n = xv.shape[d];
        long[] r = repeats.toLongArray();
        if (repeats.dim() == 1 && r.length != n && !(r.length == 1)) {
            throw new TensorError(op + ": repeats must have the same size as input along dim (" + r.length + " repeats, size "
                + n + " at dim " + d + ")");
        }
        long total = 0;
        for (long v : r) {
            if (v < 0) throw new TensorError(op + ": repeats can not be negative (got " + v + ")");
        }
        for (int i = 0; i < n; i++) total += r.length == 1 ? r[0] : r[i];
        long[] idx = new long[Shapes.checked(op, new long[] {total})[0]];
        int k = 0;
        for (int i = 0; i < n; i++) {
            long c = r.length == 1 ? r[0] : r[i];
            for (long j = 0; j < c; j++) idx[k++] = i;
        }
        return Scatter.indexSelect(xv, d, Torch.tensor(idx));
    }
}
