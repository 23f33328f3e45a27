package org.tensorshell;

import java.util.Arrays;
import org.tensorshell.core.Parallel;
import org.tensorshell.core.Shapes;
import org.tensorshell.core.Storage;
import org.tensorshell.core.TensorError;

/**
 * Ops that move elements by an index tensor along one dimension: gather, scatter, scatterAdd,
 * indexSelect, indexAdd_, indexFill_. Every index is checked before anything is written.
 */
final class Scatter {
    private Scatter() {}

    /** out[i][j] = x[index[i][j]][j] (dim 0), and likewise for other dims. */
    static Tensor gather(Tensor x, int dim, Tensor index) {
        if (Autograd.needed(x)) {
            Tensor r;
            try (GradMode g = GradMode.scope(false)) {
                r = gather(x, dim, index);
            }
            return IndexGrad.gather(x, dim, index, r);
        }
        int d = Shapes.dim("gather", dim, x.dim());
        checkIndexType("gather", index);
        if (Math.max(1, index.dim()) != Math.max(1, x.dim())) {
            throw new TensorError("gather(): Index tensor must have the same number of dimensions as input tensor (index "
                + Shapes.str(index.shape) + ", input " + Shapes.str(x.shape) + ")");
        }
        Tensor xv = atLeast1d(x), iv = atLeast1d(index);
        for (int k = 0; k < iv.dim(); k++) {
            if (k != d && iv.shape[k] > xv.shape[k]) {
                throw new TensorError("gather(): Size does not match at dimension " + k + " expected index "
                    + Shapes.str(index.shape) + " to be smaller than self " + Shapes.str(x.shape) + " apart from dimension " + d);
            }
        }
        long[] idx = indexValues("gather", iv, d, xv.shape[d]);
        int[] at = targets(iv, xv, d, idx);
        Tensor out = Tensor.empty(index.shape.clone(), x.dtype());
        if (x.dtype().isFloatingPoint()) out.storage.writeDouble(0, 1, Elements.getDouble(x.storage, at), 0, at.length);
        else out.storage.writeLong(0, 1, Elements.getLong(x.storage, at), 0, at.length);
        return out;
    }

    /** Storage offsets of t at each index position: t's strides, with dim d stepped by the index value. */
    private static int[] targets(Tensor iv, Tensor t, int d, long[] idx) {
        int[] at = Index.elementOffsets(iv.shape, withZero(t.stride, d));
        int step = t.stride[d], off = t.offset;
        for (int p = 0; p < at.length; p++) at[p] += off + (int) idx[p] * step;
        return at;
    }

    /** The elements of src at the index positions (src is at least as large in every dim), row-major. */
    private static Tensor srcPart(Tensor src, int[] shape) {
        Tensor part = src;
        for (int k = 0; k < shape.length; k++) part = Views.slice(part, k, 0, shape[k], 1);
        return part.contiguous();
    }

    /** self[index[i][j]][j] = src[i][j] (dim 0), or += with add; src null means the scalar value. */
    static Tensor scatter_(String op, Tensor self, int dim, Tensor index, Tensor src, double value, boolean add) {
        if (Autograd.needed(self, src)) {
            Tensor r;
            try (GradMode g = GradMode.scope(false)) {
                r = scatter_(op, self.clone(), dim, index, src, value, add);
            }
            return InPlace.rebase(self, op, IndexGrad.scatter(self, dim, index, src, add, r));
        }
        int d = Shapes.dim(op, dim, self.dim());
        checkIndexType(op, index);
        if (src != null && src.dtype() != self.dtype()) {
            throw new TensorError(op + "(): Expected self.dtype to be equal to src.dtype (self is " + self.dtype()
                + ", src is " + src.dtype() + ")");
        }
        if (Math.max(1, index.dim()) != Math.max(1, self.dim())) {
            throw new TensorError(op + "(): Index tensor must have the same number of dimensions as self tensor (index "
                + Shapes.str(index.shape) + ", self " + Shapes.str(self.shape) + ")");
        }
        if (src != null && Math.max(1, index.dim()) != Math.max(1, src.dim())) {
            throw new TensorError(op + "(): Index tensor must have the same number of dimensions as src tensor (index "
                + Shapes.str(index.shape) + ", src " + Shapes.str(src.shape) + ")");
        }
        Tensor sv = atLeast1d(self), iv = atLeast1d(index), rv = src == null ? null : atLeast1d(src);
        for (int k = 0; k < iv.dim(); k++) {
            if ((k != d && iv.shape[k] > sv.shape[k]) || (rv != null && iv.shape[k] > rv.shape[k])) {
                throw new TensorError(op + "(): Expected index " + Shapes.str(index.shape) + " to be smaller than self "
                    + Shapes.str(self.shape) + " apart from dimension " + d
                    + (rv == null ? "" : " and to be smaller size than src " + Shapes.str(src.shape)));
            }
        }
        long[] idx = indexValues(op, iv, d, sv.shape[d]);
        Tensor part = rv == null ? null : srcPart(rv, iv.shape); // read before writing: src may alias self
        int[] at = targets(iv, sv, d, idx);
        self.beginInPlace(op + "_");
        if (part == null && !add) {
            Elements.fill(self.storage, at, value);
        } else if (self.dtype().isFloatingPoint()) {
            double[] v = new double[at.length];
            if (part != null) part.storage.readDouble(part.offset, 1, v, 0, v.length);
            else java.util.Arrays.fill(v, value);
            Elements.putDouble(self.storage, at, v, add);
        } else {
            long[] v = new long[at.length];
            if (part != null) part.storage.readLong(part.offset, 1, v, 0, v.length);
            else java.util.Arrays.fill(v, Torch.scalarLike(value, self.dtype()).storage.getLong(0));
            Elements.putLong(self.storage, at, v, add);
        }
        return self;
    }

    /** The slices of x at the given positions along dim, as a new contiguous tensor. */
    static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        if (Autograd.needed(x)) {
            Tensor r;
            try (GradMode g = GradMode.scope(false)) {
                r = indexSelect(x, dim, index);
            }
            return IndexGrad.indexSelect(x, dim, index, r);
        }
        int d = Shapes.dim("index_select", dim, x.dim());
        if (index.dtype() != DType.INT64 && index.dtype() != DType.INT32) {
            throw new TensorError("index_select(): Expected dtype int32 or int64 for index, got " + index.dtype());
        }
        if (index.dim() > 1) {
            throw new TensorError("index_select(): Index is supposed to be a vector, got shape " + Shapes.str(index.shape));
        }
        Tensor c = atLeast1d(x).contiguous();
        int size = c.shape[d];
        long[] idx = index.toLongArray();
        for (long i : idx) {
            if (i < 0 || i >= size) {
                throw new TensorError("index_select(): index " + i + " is out of range in self (dimension " + d
                    + " with size " + size + ")");
            }
        }
        int k = idx.length;
        int[] shape = c.shape.clone();
        shape[d] = k;
        Tensor out = Tensor.empty(shape, x.dtype());
        int outer = (int) Shapes.numel(Arrays.copyOfRange(shape, 0, d));
        int inner = (int) Shapes.numel(Arrays.copyOfRange(shape, d + 1, shape.length));
        if (inner == 1 && outer > 0 && k > 0 && size <= 4L * k) { // read each source row in bulk, then pick
            pickFromRows(c, out, outer, size, idx);
        } else if (inner > 0 && outer > 0 && k > 0 && inner < 16) { // short runs: element-wise beats a copy call per run
            int[] at = new int[outer * k * inner];
            int p = 0;
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < k; j++) {
                    int from = c.offset + (int) ((o * (long) size + idx[j]) * inner);
                    for (int e = 0; e < inner; e++) at[p++] = from + e;
                }
            }
            if (x.dtype().isFloatingPoint()) out.storage.writeDouble(0, 1, Elements.getDouble(c.storage, at), 0, at.length);
            else out.storage.writeLong(0, 1, Elements.getLong(c.storage, at), 0, at.length);
        } else if (inner > 0 && outer > 0 && k > 0) {
            Storage src = c.storage, dst = out.storage;
            int off = c.offset;
            Parallel.range(outer * k, Math.max(1, Parallel.GRAIN / inner), (a, b) -> {
                for (int r = a; r < b; r++) {
                    int o = r / k, j = r % k;
                    dst.copyFrom(src, off + (int) ((o * (long) size + idx[j]) * inner), r * inner, inner);
                }
            });
        }
        return x.dim() == 0 ? out.view(x.shape, x.stride, 0) : out;
    }

    private static void pickFromRows(Tensor c, Tensor out, int outer, int size, long[] idx) {
        int k = idx.length;
        if (c.dtype().isFloatingPoint()) {
            double[] row = new double[size], picked = new double[k];
            for (int o = 0; o < outer; o++) {
                c.storage.readDouble(c.offset + o * size, 1, row, 0, size);
                for (int j = 0; j < k; j++) picked[j] = row[(int) idx[j]];
                out.storage.writeDouble(o * k, 1, picked, 0, k);
            }
        } else {
            long[] row = new long[size], picked = new long[k];
            for (int o = 0; o < outer; o++) {
                c.storage.readLong(c.offset + o * size, 1, row, 0, size);
                for (int j = 0; j < k; j++) picked[j] = row[(int) idx[j]];
                out.storage.writeLong(o * k, 1, picked, 0, k);
            }
        }
    }

    /** self.select(dim, index[j]) += alpha * source.select(dim, j) for each j. */
    static Tensor indexAdd_(Tensor self, int dim, Tensor index, Tensor source, double alpha) {
        if (Autograd.needed(self, source)) {
            Tensor r;
            try (GradMode g = GradMode.scope(false)) {
                r = indexAdd_(self.clone(), dim, index, source, alpha);
            }
            return InPlace.rebase(self, "index_add_", IndexGrad.indexAdd(self, dim, index, source, alpha, r));
        }
        String op = "index_add_";
        int d = Shapes.dim(op, dim, self.dim());
        if (index.dtype() != DType.INT64 && index.dtype() != DType.INT32) {
            throw new TensorError(op + "(): Expected dtype int32/int64 for index but got: " + index.dtype());
        }
        if (index.dim() > 1) throw new TensorError(op + "(): Index is supposed to be a vector, got shape " + Shapes.str(index.shape));
        if (source.dtype() != self.dtype()) {
            throw new TensorError(op + "(): self (" + self.dtype() + ") and source (" + source.dtype()
                + ") must have the same scalar type");
        }
        Tensor sv = atLeast1d(self), rv = atLeast1d(source);
        long[] idx = index.toLongArray();
        if (rv.dim() != sv.dim() || idx.length != rv.shape[d]) {
            throw new TensorError(op + "(): Number of indices (" + idx.length + ") should be equal to source.size(dim): ("
                + (d < rv.dim() ? rv.shape[d] : 1) + "), for dim: " + d + " (self " + Shapes.str(self.shape) + ", source "
                + Shapes.str(source.shape) + ")");
        }
        for (int k = 0; k < sv.dim(); k++) {
            if (k != d && sv.shape[k] != rv.shape[k]) {
                throw new TensorError(op + "(): source of shape " + Shapes.str(source.shape) + " must match self of shape "
                    + Shapes.str(self.shape) + " in every dimension but " + d);
            }
        }
        int size = sv.shape[d];
        for (long i : idx) {
            if (i < 0 || i >= size) { // PyTorch's CPU kernel rejects negative indices here too
                throw new TensorError(op + "(): index " + i + " is out of range in self (dimension " + d + " with size " + size + ")");
            }
        }
        if (alpha != 1) rv = rv.mul(alpha).to(self.dtype());
        else if (rv.storage == self.storage) rv = rv.contiguousCopy();
        int[] dstOff = new int[idx.length], srcOff = new int[idx.length];
        for (int j = 0; j < idx.length; j++) {
            dstOff[j] = sv.offset + (int) (idx[j] < 0 ? idx[j] + size : idx[j]) * sv.stride[d];
            srcOff[j] = rv.offset + j * rv.stride[d];
        }
        self.beginInPlace(op);
        Index.addRows(sv.storage, dstOff, Views.remove(sv.stride, d), rv.storage, srcOff, Views.remove(rv.stride, d),
            Views.remove(sv.shape, d));
        return self;
    }

    /** self.select(dim, i) = value for each i in index. */
    static Tensor indexFill_(Tensor self, int dim, Tensor index, double value) {
        if (Autograd.needed(self)) {
            Tensor r;
            try (GradMode g = GradMode.scope(false)) {
                r = indexFill_(self.clone(), dim, index, value);
            }
            return InPlace.rebase(self, "index_fill_", IndexGrad.indexFill(self, dim, index, r));
        }
        String op = "index_fill_";
        int d = Shapes.dim(op, dim, self.dim());
        if (index.dtype() != DType.INT64) throw new TensorError(op + "(): Expected dtype int64 for index, got " + index.dtype());
        if (index.dim() > 1) throw new TensorError(op + "(): Index has to be a vector, got shape " + Shapes.str(index.shape));
        Tensor sv = atLeast1d(self);
        int size = sv.shape[d];
        long[] idx = index.toLongArray();
        for (long i : idx) {
            if (i < -size || i >= size) {
                throw new TensorError(op + "(): index " + i + " is out of bounds for dimension " + d + " with size " + size);
            }
        }
        self.beginInPlace(op);
        Tensor v = Torch.scalarLike(value, self.dtype());
        for (long i : idx) Pointwise.copyInto(Views.select(sv, d, i), v, op);
        return self;
    }

    // ---------------------------------------------------------------- helpers

    private static void checkIndexType(String op, Tensor index) {
        if (index.dtype() != DType.INT64) {
            throw new TensorError(op + "(): Expected dtype int64 for index, got " + index.dtype());
        }
    }

    /** A 0-dim tensor seen as shape [1] (a view), as PyTorch's scatter kernels do. */
    static Tensor atLeast1d(Tensor t) {
        return t.dim() == 0 ? t.view(new int[] {1}, new int[] {1}, t.offset) : t;
    }

    /** The index values, each checked to lie in [0, size). */
    private static long[] indexValues(String op, Tensor index, int d, int size) {
        long[] idx = index.toLongArray();
        for (long i : idx) {
            if (i < 0 || i >= size) {
                throw new TensorError(op + "(): index " + i + " is out of bounds for dimension " + d + " with size " + size);
            }
        }
        return idx;
    }

    private static int[] withZero(int[] a, int i) {
        int[] r = a.clone();
        r[i] = 0;
        return r;
    }
}
