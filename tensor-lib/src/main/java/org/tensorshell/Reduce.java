package org.tensorshell;

import org.tensorshell.core.Parallel;
import org.tensorshell.core.ReduceOp;
import org.tensorshell.core.Shapes;
import org.tensorshell.core.Storage;
import org.tensorshell.core.TensorError;
import org.tensorshell.core.TileLoop;

/**
 * The reduction engine. The input is seen as rows (one per output element, over the kept dims) of
 * {@code R} reduced elements. When the reduced dims merge into one strided run, rows are read in place;
 * otherwise the input is first copied with the reduced dims last. Rows go in parallel; a row longer than
 * {@link #BLOCK} is split into fixed blocks whose partial results are combined in order.
 */
final class Reduce {
    private Reduce() {}

    static final int BLOCK = 1 << 16;
    private static final int TILE = 4096;

    /** Writes the result of one row (its flat index in the output) from its final state. */
    @FunctionalInterface
    interface Finish { void write(int row, ReduceOp.State s); }

    /** The reduced dims as a mask; no dims means all of them, as in PyTorch 1.13. */
    static boolean[] mask(String op, int ndim, int... dims) {
        boolean[] m = new boolean[ndim];
        if (dims == null || dims.length == 0) {
            java.util.Arrays.fill(m, true);
            return m;
        }
        for (int d : dims) {
            int n = Shapes.dim(op, d, ndim);
            if (ndim == 0) continue;
            if (m[n]) throw new TensorError(op + ": dim " + n + " appears multiple times in the list of dims " + java.util.Arrays.toString(dims));
            m[n] = true;
        }
        return m;
    }

    static int[] outShape(int[] shape, boolean[] red, boolean keepdim) {
        int n = 0;
        for (int d = 0; d < shape.length; d++) if (keepdim || !red[d]) n++;
        int[] out = new int[n];
        int k = 0;
        for (int d = 0; d < shape.length; d++) {
            if (red[d]) { if (keepdim) out[k++] = 1; }
            else out[k++] = shape[d];
        }
        return out;
    }

    /** How many elements each output element reduces. */
    static long reducedCount(int[] shape, boolean[] red) {
        long n = 1;
        for (int d = 0; d < shape.length; d++) if (red[d]) n *= shape[d];
        return n;
    }

    /** PyTorch's errors for max/min/argmax/amax... over nothing. */
    static void checkNonEmpty(String op, Tensor x, boolean[] red, boolean allDims, boolean longText) {
        if (x.numel() != 0) return;
        if (allDims) {
            throw new TensorError(op + "(): Expected reduction dim to be specified for input.numel() == 0."
                + (longText ? " Specify the reduction dim with the 'dim' argument." : "") + " (input shape "
                + Shapes.str(x.shape) + ")");
        }
        for (int d = 0; d < x.shape.length; d++) {
            if (red[d] && x.shape[d] == 0) {
                throw new TensorError(op + "(): Expected reduction dim " + d + " to have non-zero size. (input shape "
                    + Shapes.str(x.shape) + ")");
            }
        }
    }

    static DType compute(DType dt) {
        return switch (dt) {
            case FLOAT32 -> DType.FLOAT32;
            case FLOAT64 -> DType.FLOAT64;
            case INT64, INT32, BOOL -> DType.INT64;
        };
    }

    /** Runs {@code op} over the rows of {@code x} and hands each row's state to {@code finish}. */
    static void rows(ReduceOp op, Tensor x, boolean[] red, Finish finish) {
        int nd = x.shape.length, nk = 0;
        for (boolean r : red) if (!r) nk++;
        int[] kShape = new int[nk], kStride = new int[nk];
        int k = 0;
        for (int d = 0; d < nd; d++) if (!red[d]) { kShape[k] = x.shape[d]; kStride[k++] = x.stride[d]; }
        long rowsL = Shapes.numel(kShape), rlong = reducedCount(x.shape, red);
        if (rowsL == 0) return;
        int rows = (int) rowsL, len = (int) rlong;
        int rStride = mergedStride(x, red);
        if ((op == ReduceOp.SUM || op == ReduceOp.SUMSQ) && rStride != 1
            && Columns.sum(x, red, op == ReduceOp.SUMSQ, finish)) return;
        Storage st = x.storage;
        int offset = x.offset;
        if (rStride == 0) { // reduced dims do not form one strided run: copy them to the end
            int[] perm = new int[nd];
            int p = 0;
            for (int d = 0; d < nd; d++) if (!red[d]) perm[p++] = d;
            for (int d = 0; d < nd; d++) if (red[d]) perm[p++] = d;
            Tensor c = x.permute(perm).contiguousCopy();
            st = c.storage;
            offset = 0;
            kStride = Shapes.contiguousStrides(kShape);
            for (int i = 0; i < nk; i++) kStride[i] *= len;
            rStride = 1;
        }
        DType compute = compute(x.dtype());
        boolean floating = x.dtype().isFloatingPoint();
        final Storage fst = st;
        final int foff = offset, frs = rStride;
        final int[] fks = kStride;
        if (len <= BLOCK) {
            int grain = Math.max(1, Parallel.GRAIN / Math.max(len, 1));
            Parallel.range(rows, grain, (r0, r1) -> {
                Object tile = TileLoop.newTile(compute, Math.max(1, Math.min(len, TILE)));
                for (int r = r0; r < r1; r++) {
                    ReduceOp.State s = op.init();
                    feedRange(op, s, fst, rowBase(r, kShape, fks, foff), frs, 0, len, tile, compute);
                    finish.write(r, s);
                    if ((r & 1023) == 1023) Parallel.checkInterrupt();
                }
            });
            return;
        }
        int blocks = (len + BLOCK - 1) / BLOCK;
        ReduceOp.State[] part = new ReduceOp.State[rows * blocks];
        Parallel.range(rows * blocks, 1, (t0, t1) -> {
            Object tile = TileLoop.newTile(compute, TILE);
            for (int t = t0; t < t1; t++) {
                int r = t / blocks, b = t % blocks;
                ReduceOp.State s = op.init();
                int from = b * BLOCK;
                feedRange(op, s, fst, rowBase(r, kShape, fks, foff), frs, from, Math.min(len, from + BLOCK), tile, compute);
                part[t] = s;
                Parallel.checkInterrupt();
            }
        });
        for (int r = 0; r < rows; r++) {
            ReduceOp.State s = part[r * blocks];
            for (int b = 1; b < blocks; b++) op.combine(s, part[r * blocks + b], floating);
            finish.write(r, s);
        }
    }

    private static void feedRange(ReduceOp op, ReduceOp.State s, Storage st, int base, int stride, int from, int to,
                                  Object tile, DType compute) {
        for (int i = from; i < to; i += TILE) {
            int n = Math.min(TILE, to - i);
            switch (compute) {
                case FLOAT32 -> st.readFloat(base + i * stride, stride, (float[]) tile, 0, n);
                case FLOAT64 -> st.readDouble(base + i * stride, stride, (double[]) tile, 0, n);
                case INT64, INT32, BOOL -> st.readLong(base + i * stride, stride, (long[]) tile, 0, n);
            }
            op.feed(s, tile, n, i, compute);
        }
    }

    private static int rowBase(int r, int[] kShape, int[] kStride, int offset) {
        int b = offset;
        for (int d = kShape.length - 1; d >= 0; d--) {
            b += (r % kShape[d]) * kStride[d];
            r /= kShape[d];
        }
        return b;
    }

    /** The stride of the reduced dims seen as one run in row-major order, or 0 if they are not one run. */
    private static int mergedStride(Tensor x, boolean[] red) {
        int stride = -1, expect = -1;
        for (int d = x.shape.length - 1; d >= 0; d--) {
            if (!red[d] || x.shape[d] == 1) continue;
            if (stride < 0) {
                stride = x.stride[d];
                expect = stride * x.shape[d];
            } else {
                if (x.stride[d] != expect) return 0;
                expect *= x.shape[d];
            }
        }
        return stride < 0 ? 1 : stride == 0 ? 0 : stride;
    }

    // ---------------------------------------------------------------- results as tensors

    /** A reduction whose result has the input's value kind: floating outputs take {@code d}, others {@code l}. */
    static Tensor plain(ReduceOp op, Tensor x, boolean[] red, boolean keepdim, DType outType) {
        Tensor out = Tensor.uninit(outShape(x.shape, red, keepdim), outType);
        Storage o = out.storage;
        if (x.dtype().isFloatingPoint() && op != ReduceOp.NONZERO) rows(op, x, red, (r, s) -> o.setDouble(r, s.d));
        else rows(op, x, red, (r, s) -> o.setLong(r, s.l));
        return out;
    }

    static Tensor sum(Tensor x, boolean[] red, boolean keepdim, DType dtype) {
        if (dtype != null) x = x.to(dtype);
        return ReduceGrad.sum(x, red, keepdim, plain(ReduceOp.SUM, x, red, keepdim, x.isFloatingPoint() ? x.dtype() : DType.INT64));
    }

    static Tensor prod(Tensor x, boolean[] red, boolean keepdim, DType dtype) {
        if (dtype != null) x = x.to(dtype);
        return ReduceGrad.prod(x, red, keepdim, plain(ReduceOp.PROD, x, red, keepdim, x.isFloatingPoint() ? x.dtype() : DType.INT64));
    }

    static Tensor mean(Tensor x, boolean[] red, boolean keepdim, DType dtype) {
        DType dt = dtype != null ? dtype : x.dtype();
        if (!dt.isFloatingPoint()) {
            throw new TensorError("mean(): could not infer output dtype. " + (dtype != null ? "Optional" : "Input")
                + " dtype must be either a floating point or "
                + "complex dtype. Got: " + scalarName(dt) + " (input shape " + Shapes.str(x.shape) + ")");
        }
        x = x.to(dt);
        long n = reducedCount(x.shape, red);
        Tensor out = Tensor.uninit(outShape(x.shape, red, keepdim), dt);
        Storage o = out.storage;
        rows(ReduceOp.SUM, x, red, (r, s) -> o.setDouble(r, s.d / n));
        return ReduceGrad.mean(x, red, keepdim, out);
    }

    /** amax/amin, and max()/min() over everything. */
    static Tensor extreme(String op, boolean max, Tensor x, boolean[] red, boolean keepdim, boolean allDims) {
        checkNonEmpty(op, x, red, allDims, true);
        return ReduceGrad.extreme(x, red, keepdim, plain(max ? ReduceOp.MAX : ReduceOp.MIN, x, red, keepdim, x.dtype()));
    }

    static ValuesIndices extremeWithIndices(String op, boolean max, Tensor x, int dim, boolean keepdim) {
        boolean[] red = mask(op, x.dim(), dim);
        checkNonEmpty(op, x, red, false, true);
        int[] shape = outShape(x.shape, red, keepdim);
        Tensor values = Tensor.uninit(shape, x.dtype()), indices = Tensor.uninit(shape.clone(), DType.INT64);
        Storage v = values.storage, ix = indices.storage;
        boolean floating = x.isFloatingPoint();
        rows(max ? ReduceOp.ARGMAX : ReduceOp.ARGMIN, x, red, (r, s) -> {
            if (floating) v.setDouble(r, s.d);
            else v.setLong(r, s.l);
            ix.setLong(r, s.idx);
        });
        return ReduceGrad.withIndices(x, dim, keepdim, new ValuesIndices(values, indices));
    }

    /** argmax/argmin over one dim, or over the flattened tensor when {@code dim} is null. */
    static Tensor argExtreme(String op, boolean max, Tensor x, Integer dim, boolean keepdim) {
        if (x.dtype() == DType.BOOL) {
            throw new TensorError(op + ": \"" + op + "_cpu\" not implemented for 'Bool' (convert with .to(INT64) first)");
        }
        boolean[] red = dim == null ? mask(op, x.dim()) : mask(op, x.dim(), dim);
        if (dim == null && x.numel() == 0) {
            throw new TensorError(op + "(): Expected reduction dim to be specified for input.numel() == 0. (input shape "
                + Shapes.str(x.shape) + ")");
        }
        checkNonEmpty(op, x, red, false, false);
        Tensor out = Tensor.uninit(outShape(x.shape, red, keepdim), DType.INT64);
        Storage o = out.storage;
        rows(max ? ReduceOp.ARGMAX : ReduceOp.ARGMIN, x, red, (r, s) -> o.setLong(r, s.idx));
        return out;
    }

    /** all / any / count_nonzero. */
    static Tensor nonzero(String op, Tensor x, boolean[] red, boolean keepdim) {
        long n = reducedCount(x.shape, red);
        boolean count = op.equals("count_nonzero");
        Tensor out = Tensor.uninit(outShape(x.shape, red, keepdim), count ? DType.INT64 : DType.BOOL);
        Storage o = out.storage;
        rows(ReduceOp.NONZERO, x, red, (r, s) -> o.setLong(r, switch (op) {
            case "all" -> s.l == n ? 1 : 0;
            case "any" -> s.l > 0 ? 1 : 0;
            default -> s.l;
        }));
        return out;
    }

    static Tensor varStd(String op, Tensor x, boolean[] red, double correction, boolean keepdim) {
        if (!x.isFloatingPoint()) {
            throw new TensorError(op + ": std and var only support floating point and complex dtypes, got " + x.dtype()
                + " (convert with .to(FLOAT32) first)");
        }
        long n = reducedCount(x.shape, red);
        Tensor dev;
        try (GradMode g = GradMode.scope(false)) {
            dev = x.sub(mean(x, red, true, null));
        }
        double div = Math.max(0, n - correction);
        boolean sqrt = op.equals("std");
        Tensor out = Tensor.uninit(outShape(x.shape, red, keepdim), x.dtype());
        Storage o = out.storage;
        rows(ReduceOp.SUMSQ, dev, red, (r, s) -> o.setDouble(r, sqrt ? Math.sqrt(s.d / div) : s.d / div));
        return ReduceGrad.varStd(sqrt, x, red, correction, keepdim, out);
    }

    static Tensor norm(Tensor x, double p, boolean[] red, boolean keepdim) {
        if (Autograd.needed(x)) {
            Tensor out;
            try (GradMode g = GradMode.scope(false)) {
                out = norm(x, p, red, keepdim);
            }
            return ReduceGrad.norm(x, p, red, keepdim, out);
        }
        if (!x.isFloatingPoint()) {
            throw new TensorError("norm(): input dtype should be either floating point or complex. Got "
                + scalarName(x.dtype()) + " instead.");
        }
        int[] shape = outShape(x.shape, red, keepdim);
        if (p == 2) {
            Tensor out = Tensor.uninit(shape, x.dtype());
            Storage o = out.storage;
            rows(ReduceOp.SUMSQ, x, red, (r, s) -> o.setDouble(r, Math.sqrt(s.d)));
            return out;
        }
        if (p == 0) return plain(ReduceOp.NONZERO, x, red, keepdim, DType.INT64).to(x.dtype());
        if (Double.isInfinite(p)) {
            if (reducedCount(x.shape, red) == 0) return Tensor.empty(shape, x.dtype());
            return plain(p > 0 ? ReduceOp.MAX : ReduceOp.MIN, x.abs(), red, keepdim, x.dtype());
        }
        if (p == 1) return plain(ReduceOp.SUM, x.abs(), red, keepdim, x.dtype());
        return plain(ReduceOp.SUM, x.abs().pow(p), red, keepdim, x.dtype()).pow(1 / p);
    }

    /** log(sum(exp(x))) computed as m + log(sum(exp(x - m))) with m the finite max, so nothing overflows. */
    static Tensor logsumexp(Tensor x, boolean[] red, boolean keepdim) {
        if (!x.isFloatingPoint()) x = x.to(Torch.defaultDtype());
        if (Autograd.needed(x)) {
            Tensor out;
            try (GradMode g = GradMode.scope(false)) {
                out = logsumexp(x, red, keepdim);
            }
            return ReduceGrad.logsumexp(x, red, keepdim, out);
        }
        int[] shape = outShape(x.shape, red, keepdim);
        int single = -1, count = 0;
        for (int d = 0; d < red.length; d++) if (red[d]) { single = d; count++; }
        if (count <= 1) { // one dim: a fused row kernel over that dim moved last
            Tensor rows = (single < 0 ? x : x.movedim(single, -1)).contiguous();
            Tensor out = Tensor.uninit(shape, x.dtype());
            Softmax.logsumexpRows(rows, out);
            return out;
        }
        Tensor m = reducedCount(x.shape, red) == 0 ? Tensor.empty(outShape(x.shape, red, true), x.dtype())
            : plain(ReduceOp.MAX, x, red, true, x.dtype());
        m = m.maskedFill(m.isinf(), 0);
        Tensor out = sum(x.sub(m).exp(), red, true, null).log().add(m);
        return out.view(Shapes.toLong(shape));
    }

    /** PyTorch's C++ scalar type names, as its error messages print them. */
    static String scalarName(DType dt) {
        return switch (dt) {
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            case INT64 -> "Long";
            case INT32 -> "Int";
            case BOOL -> "Bool";
        };
    }
}
