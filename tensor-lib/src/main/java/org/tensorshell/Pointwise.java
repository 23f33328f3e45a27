package org.tensorshell;

import org.tensorshell.core.BinaryOp;
import org.tensorshell.core.Shapes;
import org.tensorshell.core.TensorError;
import org.tensorshell.core.TileLoop;
import org.tensorshell.core.UnaryOp;

/** Glue from Tensor's pointwise methods to the tile engine: dtype promotion, broadcasting, in-place rules. */
final class Pointwise {
    private Pointwise() {}

    static final double[] NO_PARAMS = new double[0];

    /** PyTorch's result_type: dimensioned tensors outrank 0-dim ones, which outrank Java scalars, by category. */
    static DType resultType(Tensor... ts) {
        DType dim = null, zero = null, wrapped = null;
        for (Tensor t : ts) {
            DType d = t.dtype();
            if (t.wrappedNumber) {
                if (d.isFloatingPoint()) d = Torch.defaultDtype();
                wrapped = promote(wrapped, d);
            } else if (t.dim() == 0) {
                zero = promote(zero, d);
            } else {
                dim = promote(dim, d);
            }
        }
        return combine(dim, combine(zero, wrapped));
    }

    private static DType promote(DType a, DType b) {
        return a == null ? b : b == null ? a : DType.promote(a, b);
    }

    private static DType combine(DType higher, DType lower) {
        if (higher != null && higher.isFloatingPoint()) return higher;
        if (higher == DType.BOOL || (lower != null && lower.isFloatingPoint())) return promote(higher, lower);
        return higher != null ? higher : lower;
    }

    static TileLoop.Operand operand(Tensor t, int[] shape) {
        return new TileLoop.Operand(t.storage, t.offset, Shapes.broadcastStrides(t.shape, t.stride, shape));
    }

    static Tensor unary(UnaryOp op, Tensor x, double... params) {
        DType compute = op.computeType(x.dtype());
        Tensor out = Tensor.uninit(x.shape, op.resultType(x.dtype()));
        TileLoop.run(x.shape, new TileLoop.Operand[] {operand(out, x.shape), operand(x, x.shape)}, compute,
            op.cost(), op.kernel(compute, params));
        if (Autograd.needed(x)) {
            Autograd.record(Derivatives.nodeName(op.opName), out, Autograd.of(x),
                Autograd.of(Derivatives.readsInput(op) ? x : null, Derivatives.readsOutput(op) ? out : null),
                (g, s) -> new Tensor[] {Derivatives.unary(op, g, s[0], s[1], params)});
        }
        return out;
    }

    static Tensor unaryInPlace(UnaryOp op, Tensor x, double... params) {
        DType compute = op.computeType(x.dtype());
        DType result = op.resultType(x.dtype());
        checkCast(op.opName + "_", result, x);
        if (Autograd.needed(x)) return InPlace.rebase(x, op.opName + "_", unary(op, x.inPlaceSource(op.opName + "_"), params));
        x.beginInPlace(op.opName + "_");
        TileLoop.run(x.shape, new TileLoop.Operand[] {operand(x, x.shape), operand(x, x.shape)}, compute,
            op.cost(), op.kernel(compute, params));
        return x;
    }

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        checkDevices(op.opName, a, b);
        op.checkInputs(a.dtype(), b.dtype());
        DType promoted = resultType(a, b);
        DType compute = op.computeType(promoted);
        int[] shape = Shapes.broadcast(op.opName, a.shape, b.shape);
        Tensor out = Tensor.uninit(shape, op.resultType(promoted));
        TileLoop.run(shape, new TileLoop.Operand[] {operand(out, shape), operand(a, shape), operand(b, shape)},
            compute, op.cost(), op.kernel(compute));
        if (Autograd.needed(a, b)) {
            boolean[] reads = Derivatives.binaryReads(op);
            Autograd.record(Derivatives.nodeName(op.opName), out, Autograd.of(a, b),
                Autograd.of(reads[0] ? a : null, reads[0] ? b : null, reads[1] ? out : null),
                (g, s) -> Derivatives.binary(op, g, s[0], s[1], s[2]));
        }
        return out;
    }

    static Tensor binaryInPlace(BinaryOp op, Tensor self, Tensor other) {
        String name = op.opName + "_";
        checkDevices(name, self, other);
        op.checkInputs(self.dtype(), other.dtype());
        DType promoted = resultType(self, other);
        DType compute = op.computeType(promoted);
        checkCast(name, op.resultType(promoted), self);
        int[] shape = Shapes.broadcast(name, self.shape, other.shape);
        if (!java.util.Arrays.equals(shape, self.shape)) {
            throw new TensorError(name + ": output with shape " + Shapes.str(self.shape)
                + " doesn't match the broadcast shape " + Shapes.str(shape) + " (other has shape "
                + Shapes.str(other.shape) + "; in-place ops cannot grow their target)");
        }
        if (Autograd.needed(self, other)) return InPlace.rebase(self, name, binary(op, self.inPlaceSource(name), other));
        other = unaliased(self, other);
        self.beginInPlace(name);
        TileLoop.run(shape, new TileLoop.Operand[] {operand(self, shape), operand(self, shape), operand(other, shape)},
            compute, op.cost(), op.kernel(compute));
        return self;
    }

    /** where(cond, a, b): the element of a where cond is true, else of b; all three broadcast. */
    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        if (cond.dtype() != DType.BOOL) {
            throw new TensorError("where: expected condition to be a torch.bool tensor, got " + cond.dtype());
        }
        checkDevices("where", a, b);
        DType dt = resultType(a, b);
        int[] shape = Shapes.broadcast("where", Shapes.broadcast("where", cond.shape, a.shape), b.shape);
        Tensor out = Tensor.uninit(shape, dt);
        TileLoop.Kernel k = switch (dt) {
            case FLOAT32 -> (t, n) -> {
                float[] o = (float[]) t[0], c = (float[]) t[1], x = (float[]) t[2], y = (float[]) t[3];
                for (int i = 0; i < n; i++) o[i] = c[i] != 0 ? x[i] : y[i];
            };
            case FLOAT64 -> (t, n) -> {
                double[] o = (double[]) t[0], c = (double[]) t[1], x = (double[]) t[2], y = (double[]) t[3];
                for (int i = 0; i < n; i++) o[i] = c[i] != 0 ? x[i] : y[i];
            };
            case INT64, INT32, BOOL -> (t, n) -> {
                long[] o = (long[]) t[0], c = (long[]) t[1], x = (long[]) t[2], y = (long[]) t[3];
                for (int i = 0; i < n; i++) o[i] = c[i] != 0 ? x[i] : y[i];
            };
        };
        TileLoop.run(shape, new TileLoop.Operand[] {operand(out, shape), operand(cond, shape), operand(a, shape),
            operand(b, shape)}, dt, 1, k);
        if (Autograd.needed(a, b)) {
            Autograd.record("WhereBackward", out, Autograd.of(null, a, b), Autograd.of(cond),
                (g, s) -> new Tensor[] {null, g.where(s[0], 0.0), Torch.zerosLike(g).where(s[0], g)});
        }
        return out;
    }

    /** Copies src into dst (broadcasting src), converting dtype. */
    static void copyInto(Tensor dst, Tensor src, String op) {
        int[] shape = Shapes.broadcast(op, dst.shape, src.shape);
        if (!java.util.Arrays.equals(shape, dst.shape)) {
            throw new TensorError(op + ": cannot copy a tensor of shape " + Shapes.str(src.shape)
                + " into one of shape " + Shapes.str(dst.shape) + " (the source must broadcast to the target)");
        }
        src = unaliased(dst, src);
        DType compute = dst.dtype() == DType.FLOAT64 || src.dtype() == DType.FLOAT64 ? DType.FLOAT64
            : dst.dtype().isFloatingPoint() || src.dtype().isFloatingPoint() ? DType.FLOAT32 : DType.INT64;
        if (compute == DType.FLOAT32 && (dst.dtype() == DType.INT64 || src.dtype() == DType.INT64)) compute = DType.FLOAT64;
        TileLoop.run(shape, new TileLoop.Operand[] {operand(dst, shape), operand(src, shape)}, compute, 1,
            COPY[compute.ordinal()]);
    }

    private static final TileLoop.Kernel[] COPY = new TileLoop.Kernel[DType.values().length];
    static {
        for (DType d : DType.values()) {
            COPY[d.ordinal()] = switch (d) {
                case FLOAT32 -> (t, n) -> System.arraycopy(t[1], 0, t[0], 0, n);
                case FLOAT64 -> (t, n) -> System.arraycopy(t[1], 0, t[0], 0, n);
                case INT64, INT32, BOOL -> (t, n) -> System.arraycopy(t[1], 0, t[0], 0, n);
            };
        }
    }

    /** An input that overlaps the output without being the same elements is read from a copy. */
    static Tensor unaliased(Tensor out, Tensor in) {
        if (in.storage != out.storage) return in;
        if (in.offset == out.offset && java.util.Arrays.equals(in.shape, out.shape)
            && java.util.Arrays.equals(in.stride, out.stride)) return in;
        return in.contiguousCopy();
    }

    static void checkCast(String op, DType result, Tensor self) {
        if (!DType.canCast(result, self.dtype())) {
            throw new TensorError(op + ": result type " + result + " can't be cast to the desired output type "
                + self.dtype() + " (convert the target with .to(" + result + ") first)");
        }
    }

    static void checkDevices(String op, Tensor a, Tensor b) {
        if (!a.device().equals(b.device()) && !a.wrappedNumber && !b.wrappedNumber && a.dim() > 0 && b.dim() > 0) {
            throw new TensorError(op + ": expected all tensors to be on the same device, but found " + a.device()
                + " and " + b.device());
        }
    }
}
