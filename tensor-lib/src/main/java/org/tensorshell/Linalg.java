package org.tensorshell;

import java.util.Arrays;
import org.tensorshell.core.Backend;
import org.tensorshell.core.Backends;
import org.tensorshell.core.Parallel;
import org.tensorshell.core.Shapes;
import org.tensorshell.core.Storage;
import org.tensorshell.core.TensorError;

/**
 * Matrix products with PyTorch's rules: matmul (1-D operands promoted and squeezed, batch dimensions
 * broadcast), mm, bmm, mv, dot, outer, addmm, baddbmm. Unlike pointwise ops, products do not promote
 * dtypes. Every product ends in one or more calls of {@link Backends#gemm}: strided operands whose
 * matrices are a plain or transposed row-major layout go to the backend as they are (a transpose flag and
 * a leading dimension); any other layout is copied once.
 */
final class Linalg {
    private Linalg() {}

    /** Below this many multiply-adds per matrix a batch runs its matrices in parallel, one thread each. */
    private static final long SMALL_MATRIX_FLOPS = 1L << 18;

    // ---------------------------------------------------------------- public ops

    static Tensor matmul(Tensor a, Tensor b) { return matmul(a, b, null); }

    /** matmul writing into {@code out} (PyTorch's {@code out=}), which must have the result's shape and dtype. */
    static Tensor matmul(Tensor a, Tensor b, Tensor out) {
        if (Autograd.needed(a, b)) {
            Tensor r;
            try (GradMode g = GradMode.scope(false)) {
                r = matmul(a, b, out);
            }
            return LinalgGrad.product("MmBackward", out, a, b, r);
        }
        int da = a.dim(), db = b.dim();
        if (da == 0 || db == 0) {
            throw new TensorError("matmul: both arguments need to be at least 1-D, but they are " + da + "-D and " + db
                + "-D (shapes " + Shapes.str(a.shape) + " and " + Shapes.str(b.shape) + ")");
        }
        checkDtypes("matmul", a, b);
        int k = a.shape[da - 1], kb = b.shape[db == 1 ? 0 : db - 2];
        if (k != kb) throw innerMismatch("matmul", a, b, k, kb);
        int[] batch = db > 2 ? batchShape(a, b) : Arrays.copyOf(a.shape, Math.max(0, da - 2));
        checkOut("matmul", out, resultShape(batch, da >= 2 ? a.shape[da - 2] : -1, db >= 2 ? b.shape[db - 1] : -1), a.dtype());
        if (da <= 2 && db <= 2) {
            Tensor a2 = da == 1 ? a.unsqueeze(0) : a, b2 = db == 1 ? b.unsqueeze(1) : b;
            Tensor r = target(new int[] {a2.shape[0], b2.shape[1]}, a.dtype(), out, a, b);
            product(a2, b2, r, 1, 0);
            return deliver(squeezeVectors(r, da, db), out);
        }
        if (db <= 2) return foldedBatch(a, b, out);
        return batched(a, b, batch, out);
    }

    static Tensor mm(Tensor a, Tensor b) { return mm(a, b, null); }

    static Tensor mm(Tensor a, Tensor b, Tensor out) {
        if (Autograd.needed(a, b)) {
            Tensor r;
            try (GradMode g = GradMode.scope(false)) {
                r = mm(a, b, out);
            }
            return LinalgGrad.product("MmBackward", out, a, b, r);
        }
        requireDim("mm", "self", a, 2);
        requireDim("mm", "mat2", b, 2);
        checkDtypes("mm", a, b);
        if (a.shape[1] != b.shape[0]) throw innerMismatch("mm", a, b, a.shape[1], b.shape[0]);
        int[] shape = {a.shape[0], b.shape[1]};
        checkOut("mm", out, shape, a.dtype());
        Tensor r = target(shape, a.dtype(), out, a, b);
        product(a, b, r, 1, 0);
        return deliver(r, out);
    }

    static Tensor bmm(Tensor a, Tensor b) {
        if (Autograd.needed(a, b)) {
            Tensor r;
            try (GradMode g = GradMode.scope(false)) {
                r = bmm(a, b);
            }
            return LinalgGrad.product("BmmBackward", null, a, b, r);
        }
        requireDim("bmm", "batch1", a, 3);
        requireDim("bmm", "batch2", b, 3);
        checkDtypes("bmm", a, b);
        checkBatches("bmm", a, b);
        Tensor out = Tensor.uninit(new int[] {a.shape[0], a.shape[1], b.shape[2]}, a.dtype()); // product() writes it all
        product(a, b, out, 1, 0);
        return out;
    }

    static Tensor mv(Tensor a, Tensor v) {
        if (Autograd.needed(a, v)) {
            Tensor r;
            try (GradMode g = GradMode.scope(false)) {
                r = mv(a, v);
            }
            return LinalgGrad.product("MvBackward", null, a, v, r);
        }
        if (a.dim() != 2 || v.dim() != 1) {
            throw new TensorError("mv: expected a matrix (2-D) and a vector (1-D), but got " + a.dim() + "-D and "
                + v.dim() + "-D tensors (shapes " + Shapes.str(a.shape) + " and " + Shapes.str(v.shape) + ")");
        }
        checkDtypes("mv", a, v);
        if (a.shape[1] != v.shape[0]) throw innerMismatch("mv", a, v, a.shape[1], v.shape[0]);
        Tensor out = Tensor.uninit(new int[] {a.shape[0], 1}, a.dtype());
        product(a, v.unsqueeze(1), out, 1, 0);
        return squeezeVectors(out, 2, 1);
    }

    static Tensor dot(Tensor a, Tensor b) {
        if (Autograd.needed(a, b)) {
            Tensor r;
            try (GradMode g = GradMode.scope(false)) {
                r = dot(a, b);
            }
            return LinalgGrad.product("DotBackward", null, a, b, r);
        }
        if (a.dim() != 1 || b.dim() != 1) {
            throw new TensorError("dot: 1D tensors expected, but got " + a.dim() + "D and " + b.dim()
                + "D tensors (shapes " + Shapes.str(a.shape) + " and " + Shapes.str(b.shape) + ")");
        }
        if (a.dtype() != b.dtype()) {
            throw new TensorError("dot: expected both vectors to have same dtype, but found " + scalarName(a.dtype())
                + " and " + scalarName(b.dtype()) + "; convert one with .to(...)");
        }
        checkDtypes("dot", a, b);
        if (a.shape[0] != b.shape[0]) {
            throw new TensorError("dot: inconsistent tensor size: " + Shapes.str(a.shape) + " and "
                + Shapes.str(b.shape) + " must have the same number of elements (" + a.shape[0] + " vs "
                + b.shape[0] + ")");
        }
        Tensor out = Tensor.uninit(new int[] {1, 1}, a.dtype());
        product(a.unsqueeze(0), b.unsqueeze(1), out, 1, 0);
        return squeezeVectors(out, 1, 1);
    }

    /** The outer product {@code a[i] * b[j]}: a broadcast multiply, so dtypes promote as in {@code mul}. */
    static Tensor outer(Tensor a, Tensor b) {
        requireDim("outer", "self", a, 1);
        requireDim("outer", "vec2", b, 1);
        return a.unsqueeze(1).mul(b);
    }

    /** {@code beta * input + alpha * (mat1 @ mat2)}; input broadcasts to the product's shape. */
    static Tensor addmm(Tensor input, Tensor a, Tensor b, double beta, double alpha) {
        if (Autograd.needed(input, a, b)) {
            Tensor r;
            try (GradMode g = GradMode.scope(false)) {
                r = addmm(input, a, b, beta, alpha);
            }
            return LinalgGrad.addmm("AddmmBackward", input, a, b, beta, alpha, r);
        }
        requireDim("addmm", "mat1", a, 2);
        requireDim("addmm", "mat2", b, 2);
        checkDtypes("addmm", a, b);
        checkInput("addmm", input, a.dtype());
        if (a.shape[1] != b.shape[0]) throw innerMismatch("addmm", a, b, a.shape[1], b.shape[0]);
        Tensor out = withInput("addmm", input, new int[] {a.shape[0], b.shape[1]}, beta);
        product(a, b, out, alpha, beta);
        return out;
    }

    /** {@code beta * input + alpha * bmm(batch1, batch2)}; input broadcasts to the product's shape. */
    static Tensor baddbmm(Tensor input, Tensor a, Tensor b, double beta, double alpha) {
        if (Autograd.needed(input, a, b)) {
            Tensor r;
            try (GradMode g = GradMode.scope(false)) {
                r = baddbmm(input, a, b, beta, alpha);
            }
            return LinalgGrad.addmm("BaddbmmBackward", input, a, b, beta, alpha, r);
        }
        requireDim("baddbmm", "batch1", a, 3);
        requireDim("baddbmm", "batch2", b, 3);
        checkDtypes("baddbmm", a, b);
        checkInput("baddbmm", input, a.dtype());
        checkBatches("baddbmm", a, b);
        Tensor out = withInput("baddbmm", input, new int[] {a.shape[0], a.shape[1], b.shape[2]}, beta);
        product(a, b, out, alpha, beta);
        return out;
    }

    // ---------------------------------------------------------------- matmul's batched cases

    /** [..., n, k] @ [k, p] or [k]: the batch folds into the rows of one product (as PyTorch does). */
    private static Tensor foldedBatch(Tensor a, Tensor b, Tensor out) {
        int da = a.dim(), k = a.shape[da - 1];
        long n = 1;
        for (int i = 0; i < da - 1; i++) n *= a.shape[i];
        Tensor rows = a.reshape(n, k);
        Tensor b2 = b.dim() == 1 ? b.unsqueeze(1) : b;
        Tensor r = target(new int[] {rows.shape[0], b2.shape[1]}, a.dtype(), out, a, b);
        product(rows, b2, r, 1, 0);
        int[] shape = Arrays.copyOf(a.shape, b.dim() == 1 ? da - 1 : da);
        if (b.dim() == 2) shape[da - 1] = b.shape[1];
        return deliver(r.view(shape, Shapes.contiguousStrides(shape), r.offset), out);
    }

    /** Both operands have batch dimensions (or the left one is a vector or matrix): they broadcast. */
    private static Tensor batched(Tensor a, Tensor b, int[] batch, Tensor out) {
        int da = a.dim(), db = b.dim();
        Tensor a2 = da == 1 ? a.unsqueeze(0) : a, b2 = db == 1 ? b.unsqueeze(1) : b;
        int[] shape = resultShape(batch, a2.shape[a2.dim() - 2], b2.shape[b2.dim() - 1]);
        Tensor r = target(shape, a.dtype(), out, a, b);
        product(a2, b2, r, 1, 0);
        return deliver(squeezeVectors(r, da, db), out);
    }

    /** The broadcast batch dimensions of two operands of at least 3 and at least 1 dimensions. */
    private static int[] batchShape(Tensor a, Tensor b) {
        int[] batchA = Arrays.copyOf(a.shape, Math.max(0, a.dim() - 2)), batchB = Arrays.copyOf(b.shape, Math.max(0, b.dim() - 2));
        try {
            return Shapes.broadcast("matmul", batchA, batchB);
        } catch (TensorError e) {
            throw new TensorError("matmul: " + Shapes.str(a.shape) + " @ " + Shapes.str(b.shape)
                + ": batch dimensions " + Shapes.str(batchA) + " and " + Shapes.str(batchB)
                + " cannot broadcast (sizes must match or one of them be 1)");
        }
    }

    /** batch + [n] + [p], leaving out n or p where it is -1 (a vector operand). */
    private static int[] resultShape(int[] batch, int n, int p) {
        int[] s = Arrays.copyOf(batch, batch.length + (n >= 0 ? 1 : 0) + (p >= 0 ? 1 : 0));
        int i = batch.length;
        if (n >= 0) s[i++] = n;
        if (p >= 0) s[i] = p;
        return s;
    }

    /** Where a product goes: the caller's out tensor when it can be written directly, else a fresh tensor. */
    private static Tensor target(int[] shape, DType dt, Tensor out, Tensor a, Tensor b) {
        if (out != null && out.isContiguous() && out.storage != a.storage && out.storage != b.storage) {
            out.beginInPlace("out");
            return new Tensor(out.storage, shape, Shapes.contiguousStrides(shape), out.offset);
        }
        return Tensor.uninit(shape, dt); // product() writes every element (k = 0 included: it zeroes)
    }

    /** The result, copied into out when out was given but could not be written directly. */
    private static Tensor deliver(Tensor result, Tensor out) {
        if (out == null) return result;
        if (result.storage != out.storage) out.copy_(result);
        return out;
    }

    private static void checkOut(String op, Tensor out, int[] shape, DType dt) {
        if (out == null) return;
        if (out.dtype() != dt) {
            throw new TensorError(op + ": expected out tensor to have dtype " + dt + ", but got " + out.dtype() + " instead");
        }
        if (!Arrays.equals(out.shape, shape)) {
            throw new TensorError(op + ": out has shape " + Shapes.str(out.shape) + " but the result has shape "
                + Shapes.str(shape) + " (outputs are not resized: pass a tensor of the result's shape)");
        }
    }

    /** Removes the unit dimensions that stood in for a vector operand. */
    private static Tensor squeezeVectors(Tensor out, int da, int db) {
        if (db == 1) out = out.squeeze(-1);
        if (da == 1) out = out.squeeze(db == 1 ? -1 : -2);
        return out;
    }

    // ---------------------------------------------------------------- the product engine

    /**
     * {@code out = alpha * a @ b + beta * out} for a: [..., n, k], b: [..., k, p] whose batch dimensions
     * broadcast to out's (contiguous, [..., n, p]). With beta 0, out is only written.
     */
    static void product(Tensor a, Tensor b, Tensor out, double alpha, double beta) {
        int nd = out.dim();
        int n = out.shape[nd - 2], p = out.shape[nd - 1], k = a.shape[a.dim() - 1];
        if (out.numel() == 0) return;
        if (k == 0) {
            scale(out, beta);
            return;
        }
        Operand x = Operand.of(a), y = Operand.of(b);
        int[] batch = Arrays.copyOf(out.shape, nd - 2);
        int count = (int) Shapes.numel(batch);
        int[] xOff = batchOffsets(x.tensor, batch), yOff = batchOffsets(y.tensor, batch);
        DType dt = out.dtype();
        // A column result is computed as its transpose, C^T = B^T A^T, so the long side is a row.
        boolean swap = p == 1 && n > 1;
        Backend.Gemm g = swap ? Backends.gemm(dt, 1, n, k) : Backends.gemm(dt, n, p, k);
        Storage c = out.storage;
        Parallel.RangeBody body = (s, e) -> {
            for (int i = s; i < e; i++) {
                if (swap) {
                    g.gemm(dt, !y.trans, !x.trans, 1, n, k, alpha, y.tensor.storage, yOff[i], y.ld,
                        x.tensor.storage, xOff[i], x.ld, beta, c, out.offset + i * n, n);
                } else {
                    g.gemm(dt, x.trans, y.trans, n, p, k, alpha, x.tensor.storage, xOff[i], x.ld,
                        y.tensor.storage, yOff[i], y.ld, beta, c, out.offset + i * n * p, p);
                }
                Parallel.checkInterrupt();
            }
        };
        long flops = (long) n * p * k;
        if (count > 1 && flops < SMALL_MATRIX_FLOPS) {
            Parallel.range(count, (int) Math.max(1, SMALL_MATRIX_FLOPS / flops), body);
        } else {
            body.run(0, count);
        }
    }

    /**
     * A matrix operand as a backend takes it: its last two dimensions are either row-major ({@code trans}
     * false, rows {@code ld} elements apart) or the transpose of a row-major matrix ({@code trans} true).
     * Any other layout is copied to a contiguous tensor first.
     */
    private record Operand(Tensor tensor, boolean trans, int ld) {
        static Operand of(Tensor t) {
            int d = t.dim();
            int rows = t.shape[d - 2], cols = t.shape[d - 1], sr = t.stride[d - 2], sc = t.stride[d - 1];
            if ((sc == 1 || cols == 1) && (rows == 1 || sr >= Math.max(1, cols))) {
                return new Operand(t, false, rows == 1 ? Math.max(1, cols) : sr);
            }
            if ((sr == 1 || rows == 1) && (cols == 1 || sc >= Math.max(1, rows))) {
                return new Operand(t, true, cols == 1 ? Math.max(1, rows) : sc);
            }
            return new Operand(t.contiguousCopy(), false, Math.max(1, cols));
        }
    }

    /** Storage offsets of each matrix of t for the broadcast batch shape, in row-major batch order. */
    private static int[] batchOffsets(Tensor t, int[] batch) {
        int nb = t.dim() - 2;
        int[] st = Shapes.broadcastStrides(Arrays.copyOf(t.shape, nb), Arrays.copyOf(t.stride, nb), batch);
        int count = (int) Shapes.numel(batch);
        int[] off = new int[count];
        int[] idx = new int[batch.length];
        int cur = t.offset;
        for (int i = 0; i < count; i++) {
            off[i] = cur;
            for (int j = batch.length - 1; j >= 0; j--) {
                if (++idx[j] < batch[j]) {
                    cur += st[j];
                    break;
                }
                cur -= st[j] * (idx[j] - 1);
                idx[j] = 0;
            }
        }
        return off;
    }

    /** out *= beta, where beta 0 clears out even of NaN (as BLAS does). */
    private static void scale(Tensor out, double beta) {
        if (beta == 0) out.zero_();
        else if (beta != 1) out.mul_(out.dtype().isFloatingPoint() ? Tensor.scalar(beta) : Tensor.scalar((long) beta));
    }

    /** A fresh result holding the input broadcast to shape (left zero when beta is 0: the input is ignored). */
    private static Tensor withInput(String op, Tensor input, int[] shape, double beta) {
        if (input.dim() > shape.length || !Arrays.equals(broadcastOrNull(input.shape, shape), shape)) {
            throw new TensorError(op + ": input of shape " + Shapes.str(input.shape)
                + " cannot be broadcast to the product's shape " + Shapes.str(shape));
        }
        Tensor out = Tensor.empty(shape, input.dtype());
        if (beta != 0) Pointwise.copyInto(out, input, op);
        return out;
    }

    private static int[] broadcastOrNull(int[] a, int[] b) {
        try {
            return Shapes.broadcast("broadcast", a, b);
        } catch (TensorError e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- checks

    private static void requireDim(String op, String arg, Tensor t, int want) {
        if (t.dim() != want) {
            String kind = switch (want) {
                case 1 -> "a vector (1-D)";
                case 2 -> "a matrix (2-D)";
                default -> "a " + want + "-D tensor";
            };
            throw new TensorError(op + ": " + arg + " must be " + kind + ", but got a " + t.dim() + "-D tensor of shape "
                + Shapes.str(t.shape));
        }
    }

    /** Products do not promote: both operands must have one dtype, and bool has no product kernel. */
    private static void checkDtypes(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new TensorError(op + ": expected scalar type " + scalarName(a.dtype()) + " but found "
                + scalarName(b.dtype()) + " (" + a.dtype() + " " + Shapes.str(a.shape) + " @ " + b.dtype() + " "
                + Shapes.str(b.shape) + "); products do not promote: convert one operand with .to(...)");
        }
        if (a.dtype() == DType.BOOL) {
            throw new TensorError(op + ": not implemented for 'Bool' (shapes " + Shapes.str(a.shape) + " and "
                + Shapes.str(b.shape) + "); convert to a numeric dtype first, e.g. .toFloat()");
        }
    }

    private static void checkInput(String op, Tensor input, DType dt) {
        if (input.dtype() != dt) {
            throw new TensorError(op + ": input and the matrices must have the same dtype, but input is "
                + input.dtype() + " and the matrices are " + dt);
        }
    }

    private static void checkBatches(String op, Tensor a, Tensor b) {
        if (a.shape[0] != b.shape[0]) {
            throw new TensorError(op + ": " + Shapes.str(a.shape) + " @ " + Shapes.str(b.shape) + ": batch sizes "
                + a.shape[0] + " and " + b.shape[0] + " differ (" + op + " does not broadcast; matmul does)");
        }
        if (a.shape[2] != b.shape[1]) throw innerMismatch(op, a, b, a.shape[2], b.shape[1]);
    }

    private static TensorError innerMismatch(String op, Tensor a, Tensor b, int ka, int kb) {
        return new TensorError(op + ": " + Shapes.str(a.shape) + " @ " + Shapes.str(b.shape) + ": inner dimensions "
            + ka + " and " + kb + " differ");
    }

    /** PyTorch's C++ scalar type names, which its product errors use. */
    private static String scalarName(DType dt) {
        return switch (dt) {
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            case INT64 -> "Long";
            case INT32 -> "Int";
            case BOOL -> "Bool";
        };
    }
}
