package org.tensorshell;

import java.util.Arrays;
import org.tensorshell.core.Shapes;
import org.tensorshell.core.TensorError;

/** Ops that return a new view of the same storage: only shape, strides and offset change. */
final class Views {
    private Views() {}

    /** Resolves one -1 in a requested size against the element count. */
    static int[] inferSize(String op, long[] req, long numel) {
        int infer = -1;
        long known = 1;
        int[] s = new int[req.length];
        for (int i = 0; i < req.length; i++) {
            if (req[i] == -1) {
                if (infer >= 0) throw new TensorError(op + ": only one dimension can be inferred (-1), got " + Shapes.str(req));
                infer = i;
            } else if (req[i] < 0) {
                throw new TensorError(op + ": invalid shape dimension " + req[i] + " in " + Shapes.str(req));
            } else {
                known *= req[i];
                s[i] = (int) req[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new TensorError(op + ": shape '" + Shapes.str(req) + "' is invalid for input of size " + numel);
            }
            s[infer] = (int) (numel / known);
        } else if (known != numel) {
            throw new TensorError(op + ": shape '" + Shapes.str(req) + "' is invalid for input of size " + numel);
        }
        return s;
    }

    /**
     * Strides that let a tensor of (shape, stride) be seen as newShape without copying, or null
     * (the algorithm of PyTorch's computeStride: each run of merged old dims must be contiguous).
     */
    static int[] viewStrides(int[] shape, int[] stride, int[] newShape) {
        int[] out = new int[newShape.length];
        if (Shapes.numel(shape) == 0) return Shapes.contiguousStrides(newShape);
        int viewD = newShape.length - 1;
        long chunkBase = stride.length > 0 ? stride[stride.length - 1] : 1;
        long tensorNumel = 1, viewNumel = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            tensorNumel *= shape[d];
            if (d == 0 || (shape[d - 1] != 1 && stride[d - 1] != tensorNumel * chunkBase)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    out[viewD] = (int) (viewNumel * chunkBase);
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (d > 0) {
                    chunkBase = stride[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        if (viewD != -1) return null;
        return out;
    }

    static Tensor permute(Tensor t, int[] dims) {
        int n = t.dim();
        if (dims.length != n) {
            throw new TensorError("permute: number of dims don't match: tensor has " + n + " dims (shape "
                + Shapes.str(t.shape) + ") but " + dims.length + " were given " + Arrays.toString(dims));
        }
        int[] s = new int[n], st = new int[n];
        boolean[] seen = new boolean[n];
        for (int i = 0; i < n; i++) {
            int d = Shapes.dim("permute", dims[i], n);
            if (seen[d]) throw new TensorError("permute: repeated dim " + dims[i] + " in " + Arrays.toString(dims));
            seen[d] = true;
            s[i] = t.shape[d];
            st[i] = t.stride[d];
        }
        int[] inverse = new int[n];
        for (int i = 0; i < n; i++) inverse[Shapes.dim("permute", dims[i], n)] = i;
        return t.view(s, st, t.offset, "PermuteBackward", (g, x) -> new Tensor[] {g.permute(inverse)});
    }

    static Tensor transpose(Tensor t, int d0, int d1) {
        int n = t.dim();
        if (n == 0) {
            Shapes.dim("transpose", d0, 0);
            Shapes.dim("transpose", d1, 0);
            return t;
        }
        int a = Shapes.dim("transpose", d0, n), b = Shapes.dim("transpose", d1, n);
        int[] s = t.shape.clone(), st = t.stride.clone();
        s[a] = t.shape[b]; s[b] = t.shape[a];
        st[a] = t.stride[b]; st[b] = t.stride[a];
        return t.view(s, st, t.offset, "TransposeBackward", (g, x) -> new Tensor[] {g.transpose(a, b)});
    }

    static Tensor movedim(Tensor t, int source, int destination) {
        int n = t.dim();
        int src = Shapes.dim("movedim", source, n), dst = Shapes.dim("movedim", destination, n);
        int[] order = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) if (i != src) order[k++] = i;
        int[] perm = new int[n];
        k = 0;
        for (int i = 0; i < n; i++) perm[i] = i == dst ? src : order[k++];
        return permute(t, perm);
    }

    static Tensor expand(Tensor t, long[] sizes) {
        int n = sizes.length;
        if (n < t.dim()) {
            throw new TensorError("expand: the number of sizes provided (" + n + ") must be greater or equal to the "
                + "number of dimensions in the tensor (" + t.dim() + ", shape " + Shapes.str(t.shape) + ")");
        }
        int[] s = new int[n], st = new int[n];
        int lead = n - t.dim();
        for (int i = 0; i < n; i++) {
            int j = i - lead;
            long want = sizes[i];
            if (j < 0) {
                if (want < 0) throw new TensorError("expand: -1 is not allowed in a leading, non-existing dimension (" + i + ")");
                s[i] = (int) want;
                st[i] = 0;
            } else if (want == -1 || want == t.shape[j]) {
                s[i] = t.shape[j];
                st[i] = t.stride[j];
            } else if (t.shape[j] == 1 && want >= 0) {
                s[i] = (int) want;
                st[i] = 0;
            } else {
                throw new TensorError("expand: the expanded size of the tensor (" + want + ") must match the existing "
                    + "size (" + t.shape[j] + ") at non-singleton dimension " + i + ". Target sizes: "
                    + Shapes.str(sizes) + ". Tensor sizes: " + Shapes.str(t.shape));
            }
        }
        // the engine sums the gradient back over the expanded dims
        return t.view(s, st, t.offset, "ExpandBackward", (g, x) -> new Tensor[] {g});
    }

    static Tensor squeeze(Tensor t, Integer dim) {
        if (dim != null) {
            int d = Shapes.dim("squeeze", dim, t.dim());
            if (t.dim() == 0 || t.shape[d] != 1) return t.view(t.shape, t.stride, t.offset, "SqueezeBackward", reshapeTo(t));
            return t.view(remove(t.shape, d), remove(t.stride, d), t.offset, "SqueezeBackward", reshapeTo(t));
        }
        int keep = 0;
        for (int s : t.shape) if (s != 1) keep++;
        int[] s = new int[keep], st = new int[keep];
        int k = 0;
        for (int i = 0; i < t.dim(); i++) {
            if (t.shape[i] != 1) {
                s[k] = t.shape[i];
                st[k++] = t.stride[i];
            }
        }
        return t.view(s, st, t.offset, "SqueezeBackward", reshapeTo(t));
    }

    /** The gradient rule of views that only regroup dims: reshape back. */
    static Autograd.Rule reshapeTo(Tensor t) {
        long[] shape = Shapes.toLong(t.shape);
        return (g, x) -> new Tensor[] {g.reshape(shape)};
    }

    static Tensor unsqueeze(Tensor t, int dim) {
        int d = Shapes.dim("unsqueeze", dim, t.dim() + 1);
        int n = t.dim();
        int[] s = new int[n + 1], st = new int[n + 1];
        for (int i = 0, j = 0; i <= n; i++) {
            if (i == d) {
                s[i] = 1;
                st[i] = j < n ? t.shape[j] * t.stride[j] : 1;
            } else {
                s[i] = t.shape[j];
                st[i] = t.stride[j++];
            }
        }
        return t.view(s, st, t.offset, "UnsqueezeBackward", reshapeTo(t));
    }

    static Tensor narrow(Tensor t, int dim, long start, long length) {
        if (t.dim() == 0) throw new TensorError("narrow: cannot be applied to a 0-dim tensor");
        int d = Shapes.dim("narrow", dim, t.dim());
        int size = t.shape[d];
        if (start < -size || start > size) {
            throw new TensorError("narrow: start (" + start + ") is out of bounds for dimension " + d + " of size " + size);
        }
        if (start < 0) start += size;
        if (length < 0 || start + length > size) {
            throw new TensorError("narrow: start (" + start + ") + length (" + length + ") exceeds dimension size ("
                + size + ") of dimension " + d);
        }
        return slice(t, d, start, start + length, 1);
    }

    /** Python slice semantics: out-of-range bounds are clamped, never an error. */
    static Tensor slice(Tensor t, int dim, long start, long end, long step) {
        if (t.dim() == 0) throw new TensorError("slice: cannot slice a 0-dim tensor");
        int d = Shapes.dim("slice", dim, t.dim());
        if (step <= 0) throw new TensorError("slice: step must be greater than zero, got " + step);
        int size = t.shape[d];
        if (start < 0) start += size;
        if (end < 0) end += size;
        start = Math.max(0, Math.min(start, size));
        end = Math.max(start, Math.min(end, size));
        int len = (int) ((end - start + step - 1) / step);
        int[] s = t.shape.clone(), st = t.stride.clone();
        s[d] = len;
        st[d] = (int) (t.stride[d] * step);
        return t.view(s, st, t.offset + (int) start * t.stride[d]);
    }

    static Tensor select(Tensor t, int dim, long index) {
        if (t.dim() == 0) throw new TensorError("select: invalid for a 0-dim tensor");
        int d = Shapes.dim("select", dim, t.dim());
        int size = t.shape[d];
        if (index < -size || index >= size) {
            throw new TensorError("select: index " + index + " is out of bounds for dimension " + d + " with size " + size);
        }
        if (index < 0) index += size;
        return t.view(remove(t.shape, d), remove(t.stride, d), t.offset + (int) index * t.stride[d]);
    }

    static Tensor flatten(Tensor t, int startDim, int endDim) {
        if (t.dim() == 0) return t.reshape(1);
        int s = Shapes.dim("flatten", startDim, t.dim()), e = Shapes.dim("flatten", endDim, t.dim());
        if (s > e) throw new TensorError("flatten: start_dim (" + startDim + ") cannot come after end_dim (" + endDim + ")");
        if (s == e) return t;
        long[] ns = new long[t.dim() - (e - s)];
        int k = 0;
        for (int i = 0; i < s; i++) ns[k++] = t.shape[i];
        long m = 1;
        for (int i = s; i <= e; i++) m *= t.shape[i];
        ns[k++] = m;
        for (int i = e + 1; i < t.dim(); i++) ns[k++] = t.shape[i];
        return t.reshape(ns);
    }

    static Tensor unflatten(Tensor t, int dim, long[] sizes) {
        if (t.dim() == 0) throw new TensorError("unflatten: cannot unflatten a 0-dim tensor");
        int d = Shapes.dim("unflatten", dim, t.dim());
        if (sizes.length == 0) throw new TensorError("unflatten: sizes must be non-empty");
        int[] inner = inferSize("unflatten", sizes, t.shape[d]);
        long[] ns = new long[t.dim() - 1 + inner.length];
        int k = 0;
        for (int i = 0; i < d; i++) ns[k++] = t.shape[i];
        for (int v : inner) ns[k++] = v;
        for (int i = d + 1; i < t.dim(); i++) ns[k++] = t.shape[i];
        return t.view(ns);
    }

    static Tensor diagonal(Tensor t, int off, int dim1, int dim2) {
        int a = Shapes.dim("diagonal", dim1, t.dim()), b = Shapes.dim("diagonal", dim2, t.dim());
        if (a == b) throw new TensorError("diagonal: dimensions cannot be identical " + dim1 + ", " + dim2);
        int len;
        int start = t.offset;
        if (off >= 0) {
            len = Math.max(0, Math.min(t.shape[a], t.shape[b] - off));
            start += off * t.stride[b];
        } else {
            len = Math.max(0, Math.min(t.shape[a] + off, t.shape[b]));
            start -= off * t.stride[a];
        }
        if (len == 0) start = t.offset;
        int n = t.dim();
        int[] s = new int[n - 1], st = new int[n - 1];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (i == a || i == b) continue;
            s[k] = t.shape[i];
            st[k++] = t.stride[i];
        }
        s[k] = len;
        st[k] = t.stride[a] + t.stride[b];
        return t.view(s, st, start);
    }

    static Tensor unfold(Tensor t, int dim, long size, long step) {
        int d = t.dim() == 0 ? 0 : Shapes.dim("unfold", dim, t.dim());
        int dimSize = t.dim() == 0 ? 1 : t.shape[d];
        if (size > dimSize) {
            throw new TensorError("unfold: maximum size for tensor at dimension " + d + " is " + dimSize + " but size is " + size);
        }
        if (step <= 0) throw new TensorError("unfold: step is " + step + " but must be > 0");
        int n = t.dim();
        int[] s = new int[n + 1], st = new int[n + 1];
        for (int i = 0; i < n; i++) {
            s[i] = t.shape[i];
            st[i] = t.stride[i];
        }
        if (n > 0) {
            s[d] = (int) ((dimSize - size) / step + 1);
            st[d] = (int) (t.stride[d] * step);
        }
        s[n] = (int) size;
        st[n] = n == 0 ? 1 : t.stride[d];
        return t.view(s, st, t.offset);
    }

    static int[] remove(int[] a, int i) {
        int[] r = new int[a.length - 1];
        System.arraycopy(a, 0, r, 0, i);
        System.arraycopy(a, i + 1, r, i, a.length - i - 1);
        return r;
    }
}
