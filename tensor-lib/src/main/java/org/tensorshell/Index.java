package org.tensorshell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorshell.core.Parallel;
import org.tensorshell.core.Shapes;
import org.tensorshell.core.Storage;
import org.tensorshell.core.TensorError;

/**
 * Indexing with PyTorch's rules: integers, slices, {@code ...} and {@code None} give views of the same
 * storage ("basic" indexing); bool masks and int64 index tensors select copies ("advanced" indexing),
 * and writing through them is {@code index_put_}.
 */
final class Index {
    private Index() {}

    // ---------------------------------------------------------------- basic indexing: views

    /** One entry of an index expression: an integer, a slice, an ellipsis or a new axis. */
    private record Item(Kind kind, long a, long b, long c) {
        enum Kind { INT, SLICE, ELLIPSIS, NEW_AXIS }
    }

    static Tensor get(Tensor x, long[] idx) {
        Item[] items = new Item[idx.length];
        for (int i = 0; i < idx.length; i++) items[i] = new Item(Item.Kind.INT, idx[i], 0, 0);
        return apply(x, items);
    }

    static Tensor get(Tensor x, String spec) { return apply(x, parse(spec)); }

    private static Item[] parse(String spec) {
        if (spec == null) throw new TensorError("get: index string must not be null");
        String s = spec.strip();
        if (s.isEmpty()) return new Item[0];
        String[] parts = s.split(",", -1);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.isEmpty()) {
                if (i == parts.length - 1 && i > 0) break; // "1," is the tuple (1,)
                throw new TensorError("get: empty entry " + i + " in index \"" + spec + "\"");
            }
            items.add(parseItem(p, spec));
        }
        return items.toArray(new Item[0]);
    }

    private static Item parseItem(String p, String spec) {
        if (p.equals("...")) return new Item(Item.Kind.ELLIPSIS, 0, 0, 0);
        if (p.equals("None") || p.equals("newaxis")) return new Item(Item.Kind.NEW_AXIS, 0, 0, 0);
        if (p.indexOf(':') < 0) return new Item(Item.Kind.INT, number(p, spec), 0, 0);
        String[] f = p.split(":", -1);
        if (f.length > 3) throw new TensorError("get: invalid slice \"" + p + "\" in index \"" + spec + "\"");
        long start = f[0].isBlank() ? 0 : number(f[0], spec);
        long end = f[1].isBlank() ? Long.MAX_VALUE : number(f[1], spec);
        long step = f.length < 3 || f[2].isBlank() ? 1 : number(f[2], spec);
        if (step == 0) throw new TensorError("get: slice step cannot be zero (in \"" + spec + "\")");
        if (step < 0) {
            throw new TensorError("get: step must be greater than zero (negative steps are not supported, in \"" + spec
                + "\"; use flip(dims) instead)");
        }
        return new Item(Item.Kind.SLICE, start, end, step);
    }

    private static long number(String p, String spec) {
        try {
            return Long.parseLong(p.strip());
        } catch (NumberFormatException e) {
            throw new TensorError("get: cannot parse \"" + p.strip() + "\" in index \"" + spec
                + "\"; expected an integer, a slice start:stop:step, '...' or None");
        }
    }

    private static Tensor apply(Tensor x, Item[] items) {
        // Every ellipsis skips the dims no other entry consumes (PyTorch accepts several).
        int consuming = 0;
        for (Item it : items) {
            if (it.kind() == Item.Kind.INT || it.kind() == Item.Kind.SLICE) consuming++;
        }
        if (consuming > x.dim()) {
            throw new TensorError("get: too many indices for tensor of dimension " + x.dim() + " (shape "
                + Shapes.str(x.shape) + ")");
        }
        Tensor t = x.view(x.shape, x.stride, x.offset);
        int d = 0, src = 0; // d walks the result's dims, src the dims of x (named in errors)
        for (Item it : items) {
            boolean consumes = it.kind() == Item.Kind.INT || it.kind() == Item.Kind.SLICE;
            if (consumes && d >= t.dim()) { // several ellipses each skip the free dims, as in PyTorch, and can overshoot
                throw new TensorError("get: Dimension out of range (expected to be in range of [" + -t.dim() + ", "
                    + (t.dim() - 1) + "], but got " + d + ") in an index with several '...'");
            }
            switch (it.kind()) {
                case INT -> t = select(t, d, src++, it.a());
                case SLICE -> { t = Views.slice(t, d++, it.a(), it.b(), it.c()); src++; }
                case ELLIPSIS -> { d += x.dim() - consuming; src += x.dim() - consuming; }
                case NEW_AXIS -> t = Views.unsqueeze(t, d++);
            }
        }
        return t;
    }

    private static Tensor select(Tensor t, int d, int srcDim, long index) {
        int size = t.shape[d];
        if (index < -size || index >= size) {
            throw new TensorError("get: index " + index + " is out of bounds for dimension " + srcDim + " with size " + size);
        }
        return Views.select(t, d, index);
    }

    /** {@code x[spec] = value}: value (converted to x's dtype) broadcasts to the indexed view. */
    static void set(Tensor x, String spec, Tensor value) {
        Tensor target = get(x, spec);
        value = stripLeadingOnes(value, target.dim());
        checkBroadcast(value.shape, target.shape);
        if (Autograd.needed(x, value)) { // through copy_, which rewrites the base's history (CopySlices)
            target.copy_(value);
            return;
        }
        x.beginInPlace("set");
        Pointwise.copyInto(target, value, "set");
    }

    private static Tensor stripLeadingOnes(Tensor v, int dims) {
        while (v.dim() > dims && v.shape[0] == 1) v = Views.squeeze(v, 0);
        return v;
    }

    private static void checkBroadcast(int[] value, int[] target) {
        boolean ok = value.length <= target.length;
        for (int i = 0; ok && i < value.length; i++) {
            int t = target[target.length - value.length + i];
            ok = value[i] == t || value[i] == 1;
        }
        if (!ok) {
            throw new TensorError("set: shape mismatch: value tensor of shape " + Shapes.str(value)
                + " cannot be broadcast to indexing result of shape " + Shapes.str(target));
        }
    }

    // ---------------------------------------------------------------- advanced indexing: copies

    /** Where advanced indices land: one storage offset per selected row, each row a strided block. */
    record Rows(int[] offsets, int[] batchShape, int[] rowShape, int[] rowStride) {
        int rowNumel() { return (int) Shapes.numel(rowShape); }
        int[] resultShape() {
            int[] s = Arrays.copyOf(batchShape, batchShape.length + rowShape.length);
            System.arraycopy(rowShape, 0, s, batchShape.length, rowShape.length);
            return s;
        }
    }

    /** x[i0, i1, ...] for int64 index tensors and bool masks on the leading dimensions. */
    static Tensor get(Tensor x, Tensor[] indices) {
        if (Autograd.needed(x)) {
            Tensor r;
            try (GradMode g = GradMode.scope(false)) {
                r = get(x, indices);
            }
            return IndexGrad.advanced(x, indices, r);
        }
        Rows r = rows("index", x, indices);
        Tensor out = Tensor.empty(r.resultShape(), x.dtype());
        int n = r.rowNumel();
        if (n == 1) {
            if (x.dtype().isFloatingPoint()) out.storage.writeDouble(0, 1, Elements.getDouble(x.storage, r.offsets), 0, r.offsets.length);
            else out.storage.writeLong(0, 1, Elements.getLong(x.storage, r.offsets), 0, r.offsets.length);
            return out;
        }
        copyRows(out.storage, contiguousOffsets(r.offsets.length, n), Shapes.contiguousStrides(r.rowShape),
            x.storage, r.offsets, r.rowStride, r.rowShape, true);
        return out;
    }

    /** {@code x[indices] = values} ({@code index_put_}); with accumulate, repeated indices add up. */
    static void put(Tensor x, Tensor[] indices, Tensor values, boolean accumulate) {
        if (Autograd.needed(x, values)) {
            Tensor r = x.detachedCopy();
            try (GradMode g = GradMode.scope(false)) {
                put(r, indices, values, accumulate);
            }
            InPlace.rebase(x, "index_put_", IndexGrad.put(x, indices, values, accumulate, r));
            return;
        }
        Rows r = rows("index_put_", x, indices);
        int[] target = r.resultShape();
        Tensor v = stripLeadingOnes(values, target.length);
        checkBroadcast(v.shape, target);
        // PyTorch converts the value only when it dispatches to masked_fill: one bool mask, one value, no accumulate
        boolean maskedFill = !accumulate && values.numel() == 1 && indices.length == 1 && indices[0].dtype() == DType.BOOL
            && indices[0].dim() > 0;
        if (values.dtype() != x.dtype() && !maskedFill) {
            throw new TensorError("index_put_: Index put requires the source and destination dtypes match, got "
                + x.dtype() + " for the destination and " + values.dtype() + " for the source; convert the values first");
        }
        if (!accumulate && v.numel() == 1 && r.rowNumel() == 1) { // x[mask] = scalar
            double value = v.dtype() == DType.INT64 ? (double) v.itemLong() : v.item();
            x.beginInPlace("index_put_");
            if (x.dtype().isFloatingPoint() || v.dtype() != DType.INT64) Elements.fill(x.storage, r.offsets, value);
            else Elements.putLong(x.storage, r.offsets, filled(r.offsets.length, v.itemLong()), false);
            return;
        }
        Tensor src = v.to(x.dtype()).expand(Shapes.toLong(target));
        src = src.storage == x.storage ? src.contiguousCopy() : src.contiguous();
        int n = r.rowNumel();
        int[] srcOff = contiguousOffsets(r.offsets.length, n);
        for (int j = 0; j < srcOff.length; j++) srcOff[j] += src.offset;
        x.beginInPlace("index_put_");
        if (accumulate) {
            addRows(x.storage, r.offsets, r.rowStride, src.storage, srcOff, Shapes.contiguousStrides(r.rowShape), r.rowShape);
        } else {
            copyRows(x.storage, r.offsets, r.rowStride, src.storage, srcOff, Shapes.contiguousStrides(r.rowShape),
                r.rowShape, false);
        }
    }

    private static long[] filled(int n, long v) {
        long[] a = new long[n];
        Arrays.fill(a, v);
        return a;
    }

    static Rows rows(String op, Tensor x, Tensor[] indices) {
        if (indices.length == 1 && indices[0] != null && indices[0].dtype() == DType.BOOL && indices[0].dim() > 0) {
            return maskRows(op, x, indices[0]);
        }
        if (indices.length == 0) throw new TensorError(op + ": expected at least one index tensor");
        List<Tensor> idx = new ArrayList<>();
        for (Tensor t : indices) {
            if (t == null) throw new TensorError(op + ": index tensors must not be null");
            if (t.dtype() == DType.BOOL) {
                if (t.dim() == 0) { // x[True] adds a dimension of size 1 (or 0 for False)
                    x = Views.unsqueeze(x, idx.size());
                    t = t.reshape(1);
                }
                checkMask(op, x, t, idx.size());
                Tensor nz = nonzero(t);
                for (int k = 0; k < t.dim(); k++) idx.add(nz.select(1, k));
            } else if (t.dtype() == DType.INT64) {
                idx.add(t);
            } else {
                throw new TensorError(op + ": tensors used as indices must be long, byte or bool tensors, got " + t.dtype());
            }
            if (idx.size() > x.dim()) {
                throw new TensorError(op + ": too many indices for tensor of dimension " + x.dim() + " (shape "
                    + Shapes.str(x.shape) + ")");
            }
        }
        int[] batch = idx.get(0).shape;
        for (Tensor t : idx) {
            try {
                batch = Shapes.broadcast(op, batch, t.shape);
            } catch (TensorError e) {
                StringBuilder sb = new StringBuilder();
                for (Tensor u : idx) sb.append(sb.isEmpty() ? "" : ", ").append(Shapes.str(u.shape));
                throw new TensorError(op + ": shape mismatch: indexing tensors could not be broadcast together with shapes "
                    + sb);
            }
        }
        int count = (int) Shapes.numel(batch);
        int[] offsets = new int[count];
        Arrays.fill(offsets, x.offset);
        for (int k = 0; k < idx.size(); k++) {
            long[] v = idx.get(k).expand(Shapes.toLong(batch)).contiguous().toLongArray();
            int size = x.shape[k], stride = x.stride[k];
            for (int j = 0; j < count; j++) {
                long i = v[j];
                if (i < -size || i >= size) {
                    throw new TensorError(op + ": index " + i + " is out of bounds for dimension " + k + " with size " + size);
                }
                offsets[j] += (int) (i < 0 ? i + size : i) * stride;
            }
        }
        int m = idx.size();
        return new Rows(offsets, batch, Arrays.copyOfRange(x.shape, m, x.dim()), Arrays.copyOfRange(x.stride, m, x.dim()));
    }

    /** Rows for one bool mask over x's leading dims, walked directly (no index tensors in between). */
    private static Rows maskRows(String op, Tensor x, Tensor mask) {
        checkMask(op, x, mask, 0);
        long[] m = mask.toLongArray();
        int count = 0;
        for (long v : m) if (v != 0) count++;
        int nd = mask.dim();
        int[] offsets = new int[count], idx = new int[nd];
        int off = x.offset, k = 0;
        for (int p = 0; p < m.length; p++) {
            if (m[p] != 0) offsets[k++] = off;
            for (int d = nd - 1; d >= 0; d--) {
                off += x.stride[d];
                if (++idx[d] < x.shape[d]) break;
                off -= x.stride[d] * x.shape[d];
                idx[d] = 0;
            }
        }
        return new Rows(offsets, new int[] {count}, Arrays.copyOfRange(x.shape, nd, x.dim()),
            Arrays.copyOfRange(x.stride, nd, x.dim()));
    }

    private static void checkMask(String op, Tensor x, Tensor mask, int at) {
        for (int i = 0; i < mask.dim(); i++) {
            if (at + i >= x.dim() || mask.shape[i] != x.shape[at + i]) {
                if (at + i >= x.dim()) {
                    throw new TensorError(op + ": too many indices for tensor of dimension " + x.dim() + " (mask of shape "
                        + Shapes.str(mask.shape) + ")");
                }
                throw new TensorError(op + ": The shape of the mask " + Shapes.str(mask.shape) + " at index " + i
                    + " does not match the shape of the indexed tensor " + Shapes.str(x.shape) + " at index " + (at + i));
            }
        }
    }

    static int[] contiguousOffsets(int count, int rowNumel) {
        int[] o = new int[count];
        for (int j = 0; j < count; j++) o[j] = j * rowNumel;
        return o;
    }

    /**
     * Copies rows of the same dtype between storages: row j goes from srcOff[j] to dstOff[j]. Contiguous
     * rows move in bulk; strided ones through the tile engine. Parallel only when rows cannot repeat.
     */
    static void copyRows(Storage dst, int[] dstOff, int[] dstStride, Storage src, int[] srcOff, int[] srcStride,
                         int[] rowShape, boolean parallel) {
        int n = (int) Shapes.numel(rowShape);
        int count = dstOff.length;
        if (n == 0 || count == 0) return;
        if (Shapes.isContiguous(rowShape, dstStride) && Shapes.isContiguous(rowShape, srcStride)) {
            Parallel.RangeBody body = (s, e) -> {
                for (int j = s; j < e; j++) dst.copyFrom(src, srcOff[j], dstOff[j], n);
            };
            if (parallel) Parallel.range(count, Math.max(1, Parallel.GRAIN / n), body);
            else body.run(0, count);
            return;
        }
        for (int j = 0; j < count; j++) {
            Pointwise.copyInto(new Tensor(dst, rowShape, dstStride, dstOff[j]), new Tensor(src, rowShape, srcStride, srcOff[j]),
                "index");
        }
    }

    /** dst rows += src rows, one element at a time in order, so repeated rows accumulate. */
    static void addRows(Storage dst, int[] dstOff, int[] dstStride, Storage src, int[] srcOff, int[] srcStride,
                        int[] rowShape) {
        int[] dElem = elementOffsets(rowShape, dstStride), sElem = elementOffsets(rowShape, srcStride);
        if (dElem.length == 1) {
            if (dst.dtype().isFloatingPoint()) Elements.putDouble(dst, dstOff, Elements.getDouble(src, srcOff), true);
            else Elements.putLong(dst, dstOff, Elements.getLong(src, srcOff), true);
            return;
        }
        boolean floating = dst.dtype().isFloatingPoint();
        for (int j = 0; j < dstOff.length; j++) {
            for (int e = 0; e < dElem.length; e++) {
                int di = dstOff[j] + dElem[e], si = srcOff[j] + sElem[e];
                if (floating) dst.setDouble(di, dst.getDouble(di) + src.getDouble(si));
                else dst.setLong(di, dst.getLong(di) + src.getLong(si));
            }
        }
    }

    /** The storage offset (relative to the first element) of every element of a strided block, row-major. */
    static int[] elementOffsets(int[] shape, int[] stride) {
        int n = (int) Shapes.numel(shape);
        int[] out = new int[n];
        int[] idx = new int[shape.length];
        int off = 0;
        for (int p = 0; p < n; p++) {
            out[p] = off;
            for (int d = shape.length - 1; d >= 0; d--) {
                off += stride[d];
                if (++idx[d] < shape[d]) break;
                off -= stride[d] * shape[d];
                idx[d] = 0;
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- masks

    /** The indices of non-zero elements, one row per element: int64 of shape [count, ndim]. */
    static Tensor nonzero(Tensor x) {
        Tensor b = x.dtype() == DType.BOOL ? x : x.ne(0.0);
        long[] flat = b.toLongArray();
        int count = 0;
        for (long v : flat) if (v != 0) count++;
        int nd = x.dim();
        Tensor out = Tensor.empty(new int[] {count, nd}, DType.INT64);
        long[] res = new long[count * nd];
        int[] idx = new int[nd];
        int k = 0;
        for (int p = 0; p < flat.length; p++) {
            if (flat[p] != 0) {
                for (int d = 0; d < nd; d++) res[k++] = idx[d];
            }
            for (int d = nd - 1; d >= 0; d--) {
                if (++idx[d] < x.shape[d]) break;
                idx[d] = 0;
            }
        }
        out.storage.writeLong(0, 1, res, 0, res.length);
        return out;
    }

    /** The elements where mask (broadcast with x) is true, as a 1-D copy. */
    static Tensor maskedSelect(Tensor x, Tensor mask) {
        if (Autograd.needed(x)) {
            Tensor r;
            try (GradMode g = GradMode.scope(false)) {
                r = maskedSelect(x, mask);
            }
            return IndexGrad.maskedSelect(x, mask, r);
        }
        if (mask.dtype() != DType.BOOL) {
            throw new TensorError("masked_select: expected a bool mask, got " + mask.dtype());
        }
        int[] shape = Shapes.broadcast("masked_select", x.shape, mask.shape);
        long[] s = Shapes.toLong(shape);
        Tensor xs = x.expand(s), ms = mask.expand(s);
        if (shape.length == 0) {
            xs = xs.reshape(1);
            ms = ms.reshape(1);
        }
        return get(xs, new Tensor[] {ms});
    }

    /** {@code x[mask] = value} for a bool mask over x's leading dimensions. */
    static void putScalar(Tensor x, Tensor index, double value) {
        if (Autograd.needed(x)) {
            put(x, new Tensor[] {index}, Torch.full(new long[0], value, x.dtype()), false);
            return;
        }
        put(x, new Tensor[] {index}, Torch.scalarLike(value, x.dtype()), false);
    }

    // ---------------------------------------------------------------- triangles

    /** The lower (tril) or upper (triu) triangle of the last two dimensions, the rest zero. */
    static Tensor triangle(String op, Tensor x, long k, boolean lower) {
        if (Autograd.needed(x)) {
            Tensor r;
            try (GradMode g = GradMode.scope(false)) {
                r = triangle(op, x, k, lower);
            }
            return IndexGrad.triangle(x, k, lower, r);
        }
        if (x.dim() < 2) Shapes.dim(op, -2, x.dim());
        int r = x.shape[x.dim() - 2], c = x.shape[x.dim() - 1];
        if (c >= 64) return triangleByRows(x, k, lower, r, c);
        // keep (i, j) where j - i <= k (lower) or j - i >= k (upper)
        Tensor diff = Torch.arange(c).sub(Torch.arange(r).unsqueeze(1));
        Tensor keep = lower ? diff.le(Tensor.scalar(k)) : diff.ge(Tensor.scalar(k));
        return Pointwise.where(keep, x, Tensor.empty(Shapes.SCALAR, x.dtype()));
    }

    /** Wide rows: copy, then zero one contiguous run per row (columns above or below the diagonal). */
    private static Tensor triangleByRows(Tensor x, long k, boolean lower, int r, int c) {
        Tensor out = x.contiguousCopy();
        Tensor zero = Tensor.empty(Shapes.SCALAR, x.dtype());
        int batches = r == 0 ? 0 : (int) (out.numel() / ((long) r * c));
        for (int b = 0; b < batches; b++) {
            for (int i = 0; i < r; i++) {
                // tril keeps columns j <= i + k, so zeros [i + k + 1, c); triu zeros [0, i + k)
                long from = lower ? Math.max(0, i + k + 1) : 0, to = lower ? c : Math.min(c, Math.max(0, i + k));
                if (from >= to) continue;
                int base = (b * r + i) * c;
                Pointwise.copyInto(new Tensor(out.storage, new int[] {(int) (to - from)}, new int[] {1}, base + (int) from),
                    zero, "tril");
            }
        }
        return out;
    }
}
