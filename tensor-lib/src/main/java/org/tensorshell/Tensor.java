package org.tensorshell;

import java.util.Arrays;
import org.tensorshell.core.BinaryOp;
import org.tensorshell.core.Shapes;
import org.tensorshell.core.Storage;
import org.tensorshell.core.TensorError;
import org.tensorshell.core.UnaryOp;

/**
 * An n-dimensional array with PyTorch's semantics: strided views over shared storage, broadcasting,
 * type promotion. Create tensors with the factories of {@link Torch}.
 */
public class Tensor {
    final Storage storage;
    final int[] shape;
    final int[] stride;
    final int offset;
    /** A tensor made from a Java number: it takes part in type promotion with the lowest priority. */
    final boolean wrappedNumber;

    // autograd state: a leaf that requires grad has requiresGrad set; a non-leaf has its gradFn
    boolean requiresGrad;
    Tensor grad;
    Node gradFn;
    int outputNr;
    Node.AccumulateGrad accumulator;
    boolean retainsGrad;
    /** For views: the tensor whose storage this views (never itself a view). */
    Tensor viewBase;

    Tensor(Storage storage, int[] shape, int[] stride, int offset) {
        this(storage, shape, stride, offset, false);
    }

    Tensor(Storage storage, int[] shape, int[] stride, int offset, boolean wrappedNumber) {
        this.storage = storage;
        this.shape = shape;
        this.stride = stride;
        this.offset = offset;
        this.wrappedNumber = wrappedNumber;
    }

    /** Another handle on {@code data}'s elements (same storage, shape, strides, offset), a fresh leaf: for subclasses such as nn.Parameter. */
    protected Tensor(Tensor data) {
        this(data.storage, data.shape, data.stride, data.offset, false);
    }

    /** A new contiguous tensor; its contents are zero. */
    static Tensor empty(int[] shape, DType dtype) {
        return new Tensor(Storage.allocate(dtype, Shapes.numel(shape)), shape, Shapes.contiguousStrides(shape), 0);
    }

    /** A new contiguous tensor whose every element the caller writes (reused memory is not cleared). */
    static Tensor uninit(int[] shape, DType dtype) {
        return new Tensor(Storage.allocate(dtype, Shapes.numel(shape), false), shape, Shapes.contiguousStrides(shape), 0);
    }

    static Tensor scalar(double v) {
        Storage s = Storage.allocate(DType.FLOAT64, 1);
        s.setDouble(0, v);
        return new Tensor(s, Shapes.SCALAR, Shapes.SCALAR, 0, true);
    }

    static Tensor scalar(long v) {
        Storage s = Storage.allocate(DType.INT64, 1);
        s.setLong(0, v);
        return new Tensor(s, Shapes.SCALAR, Shapes.SCALAR, 0, true);
    }

    static Tensor scalar(boolean v) {
        Storage s = Storage.allocate(DType.BOOL, 1);
        s.setLong(0, v ? 1 : 0);
        return new Tensor(s, Shapes.SCALAR, Shapes.SCALAR, 0, true);
    }

    /** A view of this tensor's storage; recorded for autograd with the generic view gradient. */
    Tensor view(int[] newShape, int[] newStride, int newOffset) {
        return view(newShape, newStride, newOffset, "AsStridedBackward", null);
    }

    /** A view, recorded under {@code name} with a cheap gradient {@code rule} (null: the generic one). */
    Tensor view(int[] newShape, int[] newStride, int newOffset, String name, Autograd.Rule rule) {
        Tensor v = new Tensor(storage, newShape, newStride, newOffset);
        v.viewBase = viewBase != null ? viewBase : this;
        if (Autograd.needed(this)) {
            Tensor in = this;
            Autograd.record(name, v, Autograd.of(this), Autograd.NONE,
                rule != null ? rule : (g, s) -> new Tensor[] {ViewGrad.scatterBack(g, in, v)});
        }
        return v;
    }

    /** Called before an in-place write: bumps the version that autograd checks. */
    void beginInPlace(String op) {
        storage.bumpVersion();
    }

    // ---------------------------------------------------------------- metadata

    public DType dtype() { return storage.dtype(); }

    public Device device() { return Device.CPU; }

    /** The sizes of all dimensions ({@code x.shape} in PyTorch). */
    public long[] shape() { return Shapes.toLong(shape); }

    /** Same as {@link #shape()}: {@code x.size()}. */
    public long[] size() { return shape(); }

    /** The size of one dimension; negative dims count from the end. */
    public long size(int dim) {
        if (shape.length == 0) throw new TensorError("size: a 0-dim tensor has no dimensions (dim " + dim + " requested)");
        return shape[Shapes.dim("size", dim, shape.length)];
    }

    public long[] stride() { return Shapes.toLong(stride); }

    public long stride(int dim) {
        if (shape.length == 0) throw new TensorError("stride: a 0-dim tensor has no dimensions (dim " + dim + " requested)");
        return stride[Shapes.dim("stride", dim, shape.length)];
    }

    public long storageOffset() { return offset; }

    public int dim() { return shape.length; }

    public int ndim() { return shape.length; }

    public long numel() { return Shapes.numel(shape); }

    public int elementSize() { return dtype().itemSize(); }

    public boolean isContiguous() { return Shapes.isContiguous(shape, stride); }

    public boolean isFloatingPoint() { return dtype().isFloatingPoint(); }

    /** The storage this tensor views (shared with every view of it). */
    public Storage untypedStorage() { return storage; }

    public int version() { return storage.version(); }

    // ---------------------------------------------------------------- pointwise, unary

    public Tensor neg() { return Pointwise.unary(UnaryOp.NEG, this); }
    public Tensor abs() { return Pointwise.unary(UnaryOp.ABS, this); }
    public Tensor sign() { return Pointwise.unary(UnaryOp.SIGN, this); }
    public Tensor exp() { return Pointwise.unary(UnaryOp.EXP, this); }
    public Tensor log() { return Pointwise.unary(UnaryOp.LOG, this); }
    public Tensor log1p() { return Pointwise.unary(UnaryOp.LOG1P, this); }
    public Tensor expm1() { return Pointwise.unary(UnaryOp.EXPM1, this); }
    public Tensor sqrt() { return Pointwise.unary(UnaryOp.SQRT, this); }
    public Tensor rsqrt() { return Pointwise.unary(UnaryOp.RSQRT, this); }
    public Tensor sin() { return Pointwise.unary(UnaryOp.SIN, this); }
    public Tensor cos() { return Pointwise.unary(UnaryOp.COS, this); }
    public Tensor tanh() { return Pointwise.unary(UnaryOp.TANH, this); }
    public Tensor sigmoid() { return Pointwise.unary(UnaryOp.SIGMOID, this); }
    public Tensor reciprocal() { return Pointwise.unary(UnaryOp.RECIPROCAL, this); }
    public Tensor erf() { return Pointwise.unary(UnaryOp.ERF, this); }
    public Tensor relu() { return Pointwise.unary(UnaryOp.RELU, this); }
    public Tensor logicalNot() { return Pointwise.unary(UnaryOp.LOGICAL_NOT, this); }
    public Tensor isnan() { return Pointwise.unary(UnaryOp.ISNAN, this); }
    public Tensor isinf() { return Pointwise.unary(UnaryOp.ISINF, this); }
    public Tensor square() { return dtype() == DType.BOOL ? to(DType.INT64).square() : mul(this); }
    /** Gaussian error linear unit, exact form {@code x * Phi(x)}. */
    public Tensor gelu() { return Pointwise.unary(UnaryOp.GELU, this); }
    /** {@code approximate}: "none" (exact) or "tanh", as in PyTorch. */
    public Tensor gelu(String approximate) {
        return switch (approximate) {
            case "none" -> gelu();
            case "tanh" -> Pointwise.unary(UnaryOp.GELU_TANH, this);
            default -> throw new TensorError("gelu: approximate must be 'none' or 'tanh', got '" + approximate + "'");
        };
    }
    public Tensor silu() { return Pointwise.unary(UnaryOp.SILU, this); }
    /** {@code log(1 + exp(x))}, linear above 20 as in PyTorch. */
    public Tensor softplus() { return Pointwise.unary(UnaryOp.SOFTPLUS, this); }
    /** {@code log(1 + exp(beta x)) / beta}, linear where {@code beta x > threshold}. */
    public Tensor softplus(double beta, double threshold) { return Pointwise.unary(UnaryOp.SOFTPLUS_BETA, this, beta, threshold); }
    public Tensor leakyRelu(double negativeSlope) { return Pointwise.unary(UnaryOp.LEAKY_RELU, this, negativeSlope); }

    /** Clamps to [min, max]; pass {@code Double.NaN} for no bound on that side. Float bounds promote ints. */
    public Tensor clamp(double min, double max) {
        checkClampBounds("clamp", min, max);
        DType dt = Pointwise.resultType(this, Tensor.scalar(min), Tensor.scalar(max));
        return Pointwise.unary(UnaryOp.CLAMP, to(dt), min, max);
    }
    /** Integer bounds keep an integer tensor's dtype. */
    public Tensor clamp(long min, long max) {
        DType dt = Pointwise.resultType(this, Tensor.scalar(min), Tensor.scalar(max));
        return Pointwise.unary(UnaryOp.CLAMP, to(dt), min, max);
    }
    private static void checkClampBounds(String op, double min, double max) {
        if (Double.isNaN(min) && Double.isNaN(max)) {
            throw new TensorError(op + ": at least one of 'min' or 'max' must not be None (NaN)");
        }
    }
    public Tensor clamp(Tensor min, Tensor max) {
        Tensor r = this;
        if (min != null) r = r.maximum(min);
        if (max != null) r = r.minimum(max);
        return r;
    }
    public Tensor clampMin(double min) { return clamp(min, Double.NaN); }
    public Tensor clampMax(double max) { return clamp(Double.NaN, max); }

    /** Replaces NaN by 0 and infinities by the largest finite values of the dtype. */
    public Tensor nanToNum() { return nanToNum(0.0, Double.NaN, Double.NaN); }

    public Tensor nanToNum(double nan, double posinf, double neginf) {
        double big = dtype() == DType.FLOAT32 ? Float.MAX_VALUE : Double.MAX_VALUE;
        return Pointwise.unary(UnaryOp.NAN_TO_NUM, this, nan, Double.isNaN(posinf) ? big : posinf,
            Double.isNaN(neginf) ? -big : neginf);
    }

    public Tensor neg_() { return Pointwise.unaryInPlace(UnaryOp.NEG, this); }
    public Tensor abs_() { return Pointwise.unaryInPlace(UnaryOp.ABS, this); }
    public Tensor sign_() { return Pointwise.unaryInPlace(UnaryOp.SIGN, this); }
    public Tensor exp_() { return Pointwise.unaryInPlace(UnaryOp.EXP, this); }
    public Tensor log_() { return Pointwise.unaryInPlace(UnaryOp.LOG, this); }
    public Tensor log1p_() { return Pointwise.unaryInPlace(UnaryOp.LOG1P, this); }
    public Tensor expm1_() { return Pointwise.unaryInPlace(UnaryOp.EXPM1, this); }
    public Tensor sqrt_() { return Pointwise.unaryInPlace(UnaryOp.SQRT, this); }
    public Tensor rsqrt_() { return Pointwise.unaryInPlace(UnaryOp.RSQRT, this); }
    public Tensor sin_() { return Pointwise.unaryInPlace(UnaryOp.SIN, this); }
    public Tensor cos_() { return Pointwise.unaryInPlace(UnaryOp.COS, this); }
    public Tensor tanh_() { return Pointwise.unaryInPlace(UnaryOp.TANH, this); }
    public Tensor sigmoid_() { return Pointwise.unaryInPlace(UnaryOp.SIGMOID, this); }
    public Tensor reciprocal_() { return Pointwise.unaryInPlace(UnaryOp.RECIPROCAL, this); }
    public Tensor relu_() { return Pointwise.unaryInPlace(UnaryOp.RELU, this); }
    public Tensor clamp_(double min, double max) {
        checkClampBounds("clamp_", min, max);
        Pointwise.checkCast("clamp_", Pointwise.resultType(this, Tensor.scalar(min), Tensor.scalar(max)), this);
        return Pointwise.unaryInPlace(UnaryOp.CLAMP, this, min, max);
    }
    public Tensor clamp_(long min, long max) {
        Pointwise.checkCast("clamp_", Pointwise.resultType(this, Tensor.scalar(min), Tensor.scalar(max)), this);
        return Pointwise.unaryInPlace(UnaryOp.CLAMP, this, min, max);
    }
    public Tensor nanToNum_() {
        double big = dtype() == DType.FLOAT32 ? Float.MAX_VALUE : Double.MAX_VALUE;
        return Pointwise.unaryInPlace(UnaryOp.NAN_TO_NUM, this, 0.0, big, -big);
    }

    // ---------------------------------------------------------------- pointwise, binary

    public Tensor add(Tensor o) { return Pointwise.binary(BinaryOp.ADD, this, o); }
    public Tensor add(double o) { return Pointwise.binary(BinaryOp.ADD, this, Tensor.scalar(o)); }
    public Tensor add(long o) { return Pointwise.binary(BinaryOp.ADD, this, Tensor.scalar(o)); }
    /** {@code this + alpha * o}. */
    public Tensor add(Tensor o, double alpha) { return add(o.mul(alpha)); }
    public Tensor sub(Tensor o) { return Pointwise.binary(BinaryOp.SUB, this, o); }
    public Tensor sub(double o) { return Pointwise.binary(BinaryOp.SUB, this, Tensor.scalar(o)); }
    public Tensor sub(long o) { return Pointwise.binary(BinaryOp.SUB, this, Tensor.scalar(o)); }
    public Tensor sub(Tensor o, double alpha) { return sub(o.mul(alpha)); }
    /** {@code o - this} ({@code torch.rsub}). */
    public Tensor rsub(double o) { return Pointwise.binary(BinaryOp.SUB, Tensor.scalar(o), this); }
    public Tensor mul(Tensor o) { return Pointwise.binary(BinaryOp.MUL, this, o); }
    public Tensor mul(double o) { return Pointwise.binary(BinaryOp.MUL, this, Tensor.scalar(o)); }
    public Tensor mul(long o) { return Pointwise.binary(BinaryOp.MUL, this, Tensor.scalar(o)); }
    public Tensor div(Tensor o) { return Pointwise.binary(BinaryOp.DIV, this, o); }
    public Tensor div(double o) { return Pointwise.binary(BinaryOp.DIV, this, Tensor.scalar(o)); }
    public Tensor div(long o) { return Pointwise.binary(BinaryOp.DIV, this, Tensor.scalar(o)); }
    public Tensor pow(Tensor o) { return Pointwise.binary(BinaryOp.POW, this, o); }
    public Tensor pow(double o) { return Pointwise.binary(BinaryOp.POW, this, Tensor.scalar(o)); }
    public Tensor pow(long o) {
        if (o < 0 && !dtype().isFloatingPoint()) {
            throw new TensorError("pow: integers to negative integer powers are not allowed (" + dtype() + " ** " + o
                + "); use a floating exponent such as " + o + ".0");
        }
        return Pointwise.binary(BinaryOp.POW, this, Tensor.scalar(o));
    }
    public Tensor maximum(Tensor o) { return Pointwise.binary(BinaryOp.MAXIMUM, this, o); }
    public Tensor minimum(Tensor o) { return Pointwise.binary(BinaryOp.MINIMUM, this, o); }
    public Tensor remainder(Tensor o) { return Pointwise.binary(BinaryOp.REMAINDER, this, o); }
    public Tensor remainder(double o) { return Pointwise.binary(BinaryOp.REMAINDER, this, Tensor.scalar(o)); }
    public Tensor floorDivide(Tensor o) { return Pointwise.binary(BinaryOp.FLOOR_DIVIDE, this, o); }
    public Tensor atan2(Tensor o) { return Pointwise.binary(BinaryOp.ATAN2, this, o); }

    public Tensor eq(Tensor o) { return Pointwise.binary(BinaryOp.EQ, this, o); }
    public Tensor eq(double o) { return Pointwise.binary(BinaryOp.EQ, this, Tensor.scalar(o)); }
    public Tensor ne(Tensor o) { return Pointwise.binary(BinaryOp.NE, this, o); }
    public Tensor ne(double o) { return Pointwise.binary(BinaryOp.NE, this, Tensor.scalar(o)); }
    public Tensor lt(Tensor o) { return Pointwise.binary(BinaryOp.LT, this, o); }
    public Tensor lt(double o) { return Pointwise.binary(BinaryOp.LT, this, Tensor.scalar(o)); }
    public Tensor le(Tensor o) { return Pointwise.binary(BinaryOp.LE, this, o); }
    public Tensor le(double o) { return Pointwise.binary(BinaryOp.LE, this, Tensor.scalar(o)); }
    public Tensor gt(Tensor o) { return Pointwise.binary(BinaryOp.GT, this, o); }
    public Tensor gt(double o) { return Pointwise.binary(BinaryOp.GT, this, Tensor.scalar(o)); }
    public Tensor ge(Tensor o) { return Pointwise.binary(BinaryOp.GE, this, o); }
    public Tensor ge(double o) { return Pointwise.binary(BinaryOp.GE, this, Tensor.scalar(o)); }
    public Tensor logicalAnd(Tensor o) { return Pointwise.binary(BinaryOp.LOGICAL_AND, this, o); }
    public Tensor logicalOr(Tensor o) { return Pointwise.binary(BinaryOp.LOGICAL_OR, this, o); }
    public Tensor logicalXor(Tensor o) { return Pointwise.binary(BinaryOp.LOGICAL_XOR, this, o); }

    public Tensor add_(Tensor o) { return Pointwise.binaryInPlace(BinaryOp.ADD, this, o); }
    public Tensor add_(double o) { return Pointwise.binaryInPlace(BinaryOp.ADD, this, Tensor.scalar(o)); }
    public Tensor add_(Tensor o, double alpha) { return add_(o.mul(alpha)); }
    public Tensor sub_(Tensor o) { return Pointwise.binaryInPlace(BinaryOp.SUB, this, o); }
    public Tensor sub_(double o) { return Pointwise.binaryInPlace(BinaryOp.SUB, this, Tensor.scalar(o)); }
    public Tensor mul_(Tensor o) { return Pointwise.binaryInPlace(BinaryOp.MUL, this, o); }
    public Tensor mul_(double o) { return Pointwise.binaryInPlace(BinaryOp.MUL, this, Tensor.scalar(o)); }
    public Tensor div_(Tensor o) { return Pointwise.binaryInPlace(BinaryOp.DIV, this, o); }
    public Tensor div_(double o) { return Pointwise.binaryInPlace(BinaryOp.DIV, this, Tensor.scalar(o)); }
    public Tensor pow_(double o) { return Pointwise.binaryInPlace(BinaryOp.POW, this, Tensor.scalar(o)); }
    public Tensor pow_(Tensor o) { return Pointwise.binaryInPlace(BinaryOp.POW, this, o); }

    /** {@code torch.where(cond, this, other)} as a method: keeps this where cond, else other. */
    public Tensor where(Tensor cond, Tensor other) { return Pointwise.where(cond, this, other); }
    public Tensor where(Tensor cond, double other) { return Pointwise.where(cond, this, Tensor.scalar(other)); }

    /** Writes {@code value} where {@code mask} is true (mask broadcasts to this tensor's shape). */
    public Tensor maskedFill(Tensor mask, double value) {
        return Pointwise.where(mask, Torch.scalarLike(value, dtype()), this).to(dtype());
    }
    public Tensor maskedFill_(Tensor mask, double value) {
        Tensor filled = maskedFill(mask, value);
        if (!Arrays.equals(filled.shape, shape)) {
            throw new TensorError("masked_fill_: mask of shape " + Shapes.str(mask.shape) + " does not broadcast to "
                + Shapes.str(shape));
        }
        return copy_(filled);
    }

    // ---------------------------------------------------------------- filling and copying

    public Tensor fill_(double v) { return copy_(Tensor.scalar(v).to(dtype())); }
    public Tensor zero_() { return fill_(0); }

    /** Copies src (broadcast to this shape) into this tensor, converting dtype. */
    public Tensor copy_(Tensor src) {
        if (Autograd.needed(this, src)) {
            // the new value is src (broadcast, cast), differentiable with respect to src only
            Tensor value = src.expand(shape()).to(dtype()).contiguousCopy();
            if (gradFn != null && viewBase == null) {
                // PyTorch's CopyBackwards: the overwritten history stays in the graph with a zero gradient
                Tensor old = InPlace.historyAlias(this);
                value = Autograd.record("CopyBackwards", value.detach(), Autograd.of(old, value), Autograd.NONE,
                    (g, s) -> new Tensor[] {Torch.zerosLike(g), g});
            }
            return InPlace.rebase(this, "copy_", value);
        }
        beginInPlace("copy_");
        Pointwise.copyInto(this, src, "copy_");
        return this;
    }

    /** A contiguous copy with the same dtype (recorded: its gradient is the incoming one). */
    Tensor contiguousCopy() {
        Tensor out = uninit(shape.clone(), dtype());
        Pointwise.copyInto(out, this, "clone");
        if (Autograd.needed(this)) Autograd.record("CloneBackward", out, Autograd.of(this), Autograd.NONE, (g, s) -> new Tensor[] {g});
        return out;
    }

    /** A copy that owns its storage ({@code x.clone()}). */
    @Override
    public Tensor clone() { return contiguousCopy(); }

    /** The tensor an in-place op reads its old value from: itself, or with autograd a copy keeping its history. */
    Tensor inPlaceSource(String op) {
        InPlace.checkLeaf(this, op);
        return contiguousCopy();
    }

    public Tensor contiguous() { return isContiguous() ? this : contiguousCopy(); }

    /** Converts to another dtype; returns this tensor when it already has it. */
    public Tensor to(DType dt) {
        if (dt == dtype()) return this;
        Tensor out = uninit(shape.clone(), dt);
        Pointwise.copyInto(out, this, "to");
        if (Autograd.needed(this)) {
            DType from = dtype();
            Autograd.record("ToCopyBackward", out, Autograd.of(this), Autograd.NONE, (g, s) -> new Tensor[] {g.to(from)});
        }
        return out;
    }

    public Tensor to(Device device) {
        if (device.type() == Device.Type.CPU) return this;
        throw new TensorError("to: cannot move a tensor to " + device + ": " + org.tensorshell.core.Backends.cudaUnavailableReason());
    }

    public Tensor cuda() { return to(Device.CUDA); }
    public Tensor cpu() { return this; }
    public Tensor toDouble() { return to(DType.FLOAT64); }
    public Tensor toFloat() { return to(DType.FLOAT32); }
    public Tensor toLong() { return to(DType.INT64); }
    public Tensor toInt() { return to(DType.INT32); }
    public Tensor toBool() { return to(DType.BOOL); }

    // ---------------------------------------------------------------- reading values out

    /** The value of a one-element tensor as a double. */
    public double item() {
        if (numel() != 1) {
            throw new TensorError("item: a Tensor with " + numel() + " elements (shape " + Shapes.str(shape)
                + ") cannot be converted to a Scalar; only one-element tensors can");
        }
        return storage.getDouble(offset);
    }

    /** The value of a one-element tensor as a long (exact for int64). */
    public long itemLong() {
        item();
        return storage.getLong(offset);
    }

    /** All elements in row-major order. */
    public double[] toDoubleArray() {
        Tensor c = to(DType.FLOAT64).contiguous();
        double[] out = new double[(int) c.numel()];
        c.storage.readDouble(c.offset, 1, out, 0, out.length);
        return out;
    }

    public float[] toFloatArray() {
        Tensor c = to(DType.FLOAT32).contiguous();
        float[] out = new float[(int) c.numel()];
        c.storage.readFloat(c.offset, 1, out, 0, out.length);
        return out;
    }

    public long[] toLongArray() {
        Tensor c = contiguous();
        long[] out = new long[(int) c.numel()];
        c.storage.readLong(c.offset, 1, out, 0, out.length);
        return out;
    }

    public boolean[] toBooleanArray() {
        long[] l = toLongArray();
        boolean[] out = new boolean[l.length];
        for (int i = 0; i < l.length; i++) out[i] = l[i] != 0;
        return out;
    }

    /** Element at a flat row-major index of this (possibly strided) tensor. */
    double flatGet(long i) { return storage.getDouble(storageIndex(i)); }

    int storageIndex(long flat) {
        int idx = offset;
        for (int d = shape.length - 1; d >= 0; d--) {
            idx += (int) (flat % shape[d]) * stride[d];
            flat /= shape[d];
        }
        return idx;
    }

    // ---------------------------------------------------------------- views

    public Tensor view(long... newShape) {
        int[] s = Views.inferSize("view", newShape, numel());
        int[] st = Views.viewStrides(shape, stride, s);
        if (st == null) {
            throw new TensorError("view: size " + Shapes.str(s) + " is not compatible with input tensor's size "
                + Shapes.str(shape) + " and stride " + Shapes.str(stride) + " (at least one dimension spans across two "
                + "contiguous subspaces); use .reshape(...) instead");
        }
        return view(s, st, offset, "ViewBackward", Views.reshapeTo(this));
    }

    public Tensor reshape(long... newShape) {
        int[] s = Views.inferSize("reshape", newShape, numel());
        int[] st = Views.viewStrides(shape, stride, s);
        if (st != null) return view(s, st, offset, "ViewBackward", Views.reshapeTo(this));
        Tensor c = contiguousCopy();
        return c.view(s, Shapes.contiguousStrides(s), 0, "ViewBackward", Views.reshapeTo(c));
    }

    public Tensor viewAs(Tensor other) { return view(other.shape()); }
    public Tensor reshapeAs(Tensor other) { return reshape(other.shape()); }

    public Tensor permute(int... dims) { return Views.permute(this, dims); }

    public Tensor transpose(int d0, int d1) { return Views.transpose(this, d0, d1); }

    /** Transposes a tensor of at most 2 dimensions. */
    public Tensor t() {
        if (dim() > 2) {
            throw new TensorError("t: expects a tensor with <= 2 dimensions, but self is " + dim()
                + "D (shape " + Shapes.str(shape) + "); use transpose(d0, d1) or mT()");
        }
        return dim() < 2 ? this : transpose(0, 1);
    }

    /** Transposes the last two dimensions ({@code x.mT}). */
    public Tensor mT() {
        if (dim() < 2) throw new TensorError("mT: tensor of shape " + Shapes.str(shape) + " has fewer than 2 dimensions");
        return transpose(-2, -1);
    }

    public Tensor expand(long... sizes) { return Views.expand(this, sizes); }
    public Tensor expandAs(Tensor other) { return expand(other.shape()); }
    public Tensor squeeze() { return Views.squeeze(this, null); }
    public Tensor squeeze(int dim) { return Views.squeeze(this, dim); }
    public Tensor unsqueeze(int dim) { return Views.unsqueeze(this, dim); }
    public Tensor narrow(int dim, long start, long length) { return Views.narrow(this, dim, start, length); }
    public Tensor flatten() { return flatten(0, -1); }
    public Tensor flatten(int startDim, int endDim) { return Views.flatten(this, startDim, endDim); }
    public Tensor unflatten(int dim, long... sizes) { return Views.unflatten(this, dim, sizes); }
    public Tensor select(int dim, long index) { return Views.select(this, dim, index); }
    /** Slices {@code [start, end)} with a step along one dimension (negative start/end count from the end). */
    public Tensor slice(int dim, long start, long end, long step) { return Views.slice(this, dim, start, end, step); }
    public Tensor movedim(int source, int destination) { return Views.movedim(this, source, destination); }
    /** A view of the diagonal with the given offset. */
    public Tensor diagonal() { return Views.diagonal(this, 0, 0, 1); }
    public Tensor diagonal(int offset, int dim1, int dim2) { return Views.diagonal(this, offset, dim1, dim2); }
    /** Sliding windows of {@code size} with {@code step} along a dimension, as a new last dimension. */
    public Tensor unfold(int dim, long size, long step) { return Views.unfold(this, dim, size, step); }

    // ---------------------------------------------------------------- random, in place

    /** Fills with values uniform in [from, to) from the default generator. */
    public Tensor uniform_(double from, double to) { return RandomOps.uniform(this, from, to, Torch.DEFAULT_GENERATOR); }
    public Tensor uniform_(double from, double to, Generator g) { return RandomOps.uniform(this, from, to, g); }
    /** Fills with normal values of the given mean and standard deviation. */
    public Tensor normal_(double mean, double std) { return RandomOps.normal(this, mean, std, Torch.DEFAULT_GENERATOR); }
    public Tensor normal_(double mean, double std, Generator g) { return RandomOps.normal(this, mean, std, g); }
    /** 0/1 samples with this tensor's values as probabilities. */
    public Tensor bernoulli() { return RandomOps.bernoulli(this, Torch.DEFAULT_GENERATOR); }
    public Tensor bernoulli(Generator g) { return RandomOps.bernoulli(this, g); }
    /** Samples category indices with probabilities proportional to each row of this 1-D or 2-D tensor. */
    public Tensor multinomial(long numSamples, boolean replacement) {
        return RandomOps.multinomial(this, numSamples, replacement, Torch.DEFAULT_GENERATOR);
    }
    public Tensor multinomial(long numSamples, boolean replacement, Generator g) {
        return RandomOps.multinomial(this, numSamples, replacement, g);
    }

    // ---------------------------------------------------------------- autograd

    /** Whether gradients flow to this tensor: a leaf marked with requiresGrad_, or the result of an op on one. */
    public boolean requiresGrad() { return requiresGrad || gradFn != null; }

    /** Starts (or stops) recording operations on this leaf tensor. */
    public Tensor requiresGrad_(boolean flag) {
        if (gradFn != null && !flag) {
            throw new TensorError("requires_grad_: you can only change requires_grad flags of leaf variables. If you want "
                + "to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach()");
        }
        if (flag && !dtype().isFloatingPoint()) {
            throw new TensorError("requires_grad_: only Tensors of floating point dtype can require gradients, got " + dtype());
        }
        if (gradFn == null) requiresGrad = flag;
        return this;
    }

    public Tensor requiresGrad_() { return requiresGrad_(true); }

    /** A leaf: created by the user (not by a recorded op). */
    public boolean isLeaf() { return gradFn == null; }

    /** The accumulated gradient of a leaf (or of a non-leaf after retainGrad), or null. */
    public Tensor grad() { return grad; }

    /** Replaces the gradient ({@code x.grad = g}); null clears it. */
    public void setGrad(Tensor g) {
        if (g != null && !java.util.Arrays.equals(g.shape, shape)) {
            throw new TensorError("assigned grad has data of a different size: " + Shapes.str(g.shape) + " vs " + Shapes.str(shape));
        }
        grad = g;
    }

    /** The node that produced this tensor, or null for leaves. */
    public Node gradFn() { return gradFn; }

    /** Keeps the gradient of this non-leaf tensor in {@link #grad()} after backward. */
    public Tensor retainGrad() {
        if (!requiresGrad()) throw new TensorError("retain_grad: can't retain_grad on Tensor that has requires_grad=False");
        if (gradFn == null || retainsGrad) return this;
        retainsGrad = true;
        gradFn.addOutputHook(g -> {
            grad = grad == null ? g.detachedCopy() : grad.add(g.detach());
            return null;
        });
        return this;
    }

    /** Whether {@link #retainGrad()} was called (always true for leaves). */
    public boolean retainsGrad() { return retainsGrad; }

    /** Registers a hook called with this tensor's gradient during backward; it may return a replacement or null. */
    public Tensor registerHook(java.util.function.UnaryOperator<Tensor> hook) {
        if (!requiresGrad()) throw new TensorError("register_hook: cannot register a hook on a tensor that doesn't require gradient");
        gradientEdge().node().addOutputHook(hook);
        return this;
    }

    /** Where this tensor's gradient goes: its node, or its leaf accumulator. */
    Node.Edge gradientEdge() {
        if (gradFn != null) return new Node.Edge(gradFn, outputNr);
        if (accumulator == null) accumulator = new Node.AccumulateGrad(this);
        return new Node.Edge(accumulator, 0);
    }

    /** The same data, cut from the graph. */
    public Tensor detach() {
        return new Tensor(storage, shape, stride, offset);
    }

    /** Cuts this tensor from the graph in place, making it a leaf. */
    public Tensor detach_() {
        gradFn = null;
        requiresGrad = false;
        return this;
    }

    /** A copy with no history. */
    Tensor detachedCopy() {
        try (GradMode g = GradMode.scope(false)) {
            return contiguousCopy();
        }
    }

    /** Computes the gradient of this scalar with respect to the graph leaves, accumulating into their grad. */
    public void backward() { Autograd.backward(this, null, false, false); }

    public void backward(Tensor gradient) { Autograd.backward(this, gradient, false, false); }

    public void backward(Tensor gradient, boolean retainGraph) { Autograd.backward(this, gradient, retainGraph, false); }

    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        Autograd.backward(this, gradient, retainGraph || createGraph, createGraph);
    }

    // ================================================================ reductions (Reduce.java)
    // (reductions helper: add delegating methods here)
    // Dims are ints (negative count from the end); no dims, or an empty array, reduces over all of them.

    /** Sum of all elements; int and bool tensors sum to int64. */
    public Tensor sum() { return Reduce.sum(this, Reduce.mask("sum", dim()), false, null); }
    /** Sum after converting to {@code dtype} ({@code x.sum(dtype=...)}). */
    public Tensor sum(DType dtype) { return Reduce.sum(this, Reduce.mask("sum", dim()), false, dtype); }
    public Tensor sum(int dim) { return sum(new int[] {dim}, false); }
    public Tensor sum(int... dims) { return sum(dims, false); }
    public Tensor sum(int dim, boolean keepdim) { return sum(new int[] {dim}, keepdim); }
    public Tensor sum(int[] dims, boolean keepdim) { return Reduce.sum(this, Reduce.mask("sum", dim(), dims), keepdim, null); }
    public Tensor sum(int dim, boolean keepdim, DType dtype) { return sum(new int[] {dim}, keepdim, dtype); }
    public Tensor sum(int[] dims, boolean keepdim, DType dtype) {
        return Reduce.sum(this, Reduce.mask("sum", dim(), dims), keepdim, dtype);
    }

    /** Mean of all elements; floating tensors only (or pass a floating dtype). */
    public Tensor mean() { return Reduce.mean(this, Reduce.mask("mean", dim()), false, null); }
    public Tensor mean(DType dtype) { return Reduce.mean(this, Reduce.mask("mean", dim()), false, dtype); }
    public Tensor mean(int dim) { return mean(new int[] {dim}, false); }
    public Tensor mean(int... dims) { return mean(dims, false); }
    public Tensor mean(int dim, boolean keepdim) { return mean(new int[] {dim}, keepdim); }
    public Tensor mean(int[] dims, boolean keepdim) { return Reduce.mean(this, Reduce.mask("mean", dim(), dims), keepdim, null); }
    public Tensor mean(int[] dims, boolean keepdim, DType dtype) {
        return Reduce.mean(this, Reduce.mask("mean", dim(), dims), keepdim, dtype);
    }

    /** Product of all elements; int and bool tensors multiply in int64. */
    public Tensor prod() { return Reduce.prod(this, Reduce.mask("prod", dim()), false, null); }
    public Tensor prod(DType dtype) { return Reduce.prod(this, Reduce.mask("prod", dim()), false, dtype); }
    public Tensor prod(int dim) { return prod(dim, false); }
    public Tensor prod(int dim, boolean keepdim) { return Reduce.prod(this, Reduce.mask("prod", dim(), dim), keepdim, null); }
    public Tensor prod(int dim, boolean keepdim, DType dtype) {
        return Reduce.prod(this, Reduce.mask("prod", dim(), dim), keepdim, dtype);
    }

    /** The largest element (NaN if any is NaN); raises for an empty tensor. */
    public Tensor max() { return Reduce.extreme("max", true, this, Reduce.mask("max", dim()), false, true); }
    /** The largest elements along {@code dim} and their first indices. */
    public ValuesIndices max(int dim) { return max(dim, false); }
    public ValuesIndices max(int dim, boolean keepdim) { return Reduce.extremeWithIndices("max", true, this, dim, keepdim); }
    /** Elementwise maximum ({@code torch.max(a, b)}). */
    public Tensor max(Tensor other) { return maximum(other); }
    public Tensor min() { return Reduce.extreme("min", false, this, Reduce.mask("min", dim()), false, true); }
    public ValuesIndices min(int dim) { return min(dim, false); }
    public ValuesIndices min(int dim, boolean keepdim) { return Reduce.extremeWithIndices("min", false, this, dim, keepdim); }
    public Tensor min(Tensor other) { return minimum(other); }

    /** Maximum values over dims (no indices). */
    public Tensor amax() { return Reduce.extreme("amax", true, this, Reduce.mask("amax", dim()), false, true); }
    public Tensor amax(int... dims) { return amax(dims, false); }
    public Tensor amax(int[] dims, boolean keepdim) {
        return Reduce.extreme("amax", true, this, Reduce.mask("amax", dim(), dims), keepdim, dims.length == 0);
    }
    public Tensor amin() { return Reduce.extreme("amin", false, this, Reduce.mask("amin", dim()), false, true); }
    public Tensor amin(int... dims) { return amin(dims, false); }
    public Tensor amin(int[] dims, boolean keepdim) {
        return Reduce.extreme("amin", false, this, Reduce.mask("amin", dim(), dims), keepdim, dims.length == 0);
    }

    /** Index of the largest element of the flattened tensor (first one on ties; NaN counts as largest). */
    public Tensor argmax() { return Reduce.argExtreme("argmax", true, this, null, false); }
    public Tensor argmax(int dim) { return argmax(dim, false); }
    public Tensor argmax(int dim, boolean keepdim) { return Reduce.argExtreme("argmax", true, this, dim, keepdim); }
    public Tensor argmin() { return Reduce.argExtreme("argmin", false, this, null, false); }
    public Tensor argmin(int dim) { return argmin(dim, false); }
    public Tensor argmin(int dim, boolean keepdim) { return Reduce.argExtreme("argmin", false, this, dim, keepdim); }

    /** Variance with Bessel's correction (divides by n - 1). */
    public Tensor var() { return var(true); }
    /** Variance; {@code unbiased} divides by n - 1, else by n. */
    public Tensor var(boolean unbiased) { return var(new int[0], unbiased ? 1 : 0, false); }
    public Tensor var(int dim) { return var(new int[] {dim}, true, false); }
    public Tensor var(int dim, boolean unbiased) { return var(new int[] {dim}, unbiased, false); }
    public Tensor var(int dim, boolean unbiased, boolean keepdim) { return var(new int[] {dim}, unbiased, keepdim); }
    public Tensor var(int[] dims, boolean unbiased, boolean keepdim) { return var(dims, unbiased ? 1 : 0, keepdim); }
    /** Variance dividing by {@code n - correction}. */
    public Tensor var(int[] dims, double correction, boolean keepdim) {
        return Reduce.varStd("var", this, Reduce.mask("var", dim(), dims), correction, keepdim);
    }
    public Tensor std() { return std(true); }
    public Tensor std(boolean unbiased) { return std(new int[0], unbiased ? 1 : 0, false); }
    public Tensor std(int dim) { return std(new int[] {dim}, true, false); }
    public Tensor std(int dim, boolean unbiased) { return std(new int[] {dim}, unbiased, false); }
    public Tensor std(int dim, boolean unbiased, boolean keepdim) { return std(new int[] {dim}, unbiased, keepdim); }
    public Tensor std(int[] dims, boolean unbiased, boolean keepdim) { return std(dims, unbiased ? 1 : 0, keepdim); }
    public Tensor std(int[] dims, double correction, boolean keepdim) {
        return Reduce.varStd("std", this, Reduce.mask("std", dim(), dims), correction, keepdim);
    }

    /** The 2-norm of all elements. */
    public Tensor norm() { return norm(2); }
    /** The p-norm of all elements; p may be infinite (max |x|), negative infinite (min |x|) or 0 (count of nonzeros). */
    public Tensor norm(double p) { return Reduce.norm(this, p, Reduce.mask("norm", dim()), false); }
    public Tensor norm(double p, int dim) { return norm(p, new int[] {dim}, false); }
    public Tensor norm(double p, int dim, boolean keepdim) { return norm(p, new int[] {dim}, keepdim); }
    public Tensor norm(double p, int[] dims, boolean keepdim) {
        return Reduce.norm(this, p, Reduce.mask("norm", dim(), dims), keepdim);
    }

    /** log(sum(exp(x))) over dims, computed without overflow. */
    public Tensor logsumexp(int dim) { return logsumexp(new int[] {dim}, false); }
    public Tensor logsumexp(int dim, boolean keepdim) { return logsumexp(new int[] {dim}, keepdim); }
    public Tensor logsumexp(int[] dims, boolean keepdim) {
        return Reduce.logsumexp(this, Reduce.mask("logsumexp", dim(), dims), keepdim);
    }

    /** exp(x) / sum(exp(x)) along {@code dim}. */
    public Tensor softmax(int dim) { return Softmax.apply("softmax", this, dim, null, false); }
    /** Softmax after converting to {@code dtype}. */
    public Tensor softmax(int dim, DType dtype) { return Softmax.apply("softmax", this, dim, dtype, false); }
    /** log(softmax(x)) along {@code dim}, computed as x - max - log(sum(exp(x - max))). */
    public Tensor logSoftmax(int dim) { return Softmax.apply("log_softmax", this, dim, null, true); }
    public Tensor logSoftmax(int dim, DType dtype) { return Softmax.apply("log_softmax", this, dim, dtype, true); }

    /** Running sum along {@code dim}; int and bool tensors give int64. */
    public Tensor cumsum(int dim) { return Scan.apply("cumsum", this, dim, null, false); }
    public Tensor cumsum(int dim, DType dtype) { return Scan.apply("cumsum", this, dim, dtype, false); }
    public Tensor cumprod(int dim) { return Scan.apply("cumprod", this, dim, null, true); }
    public Tensor cumprod(int dim, DType dtype) { return Scan.apply("cumprod", this, dim, dtype, true); }

    /** Whether every element is nonzero (true), as a bool tensor. */
    public Tensor all() { return Reduce.nonzero("all", this, Reduce.mask("all", dim()), false); }
    public Tensor all(int dim) { return all(dim, false); }
    public Tensor all(int dim, boolean keepdim) { return Reduce.nonzero("all", this, Reduce.mask("all", dim(), dim), keepdim); }
    /** Whether any element is nonzero (true), as a bool tensor. */
    public Tensor any() { return Reduce.nonzero("any", this, Reduce.mask("any", dim()), false); }
    public Tensor any(int dim) { return any(dim, false); }
    public Tensor any(int dim, boolean keepdim) { return Reduce.nonzero("any", this, Reduce.mask("any", dim(), dim), keepdim); }

    /** Number of nonzero elements (int64), over all or the given dims. */
    public Tensor countNonzero() { return Reduce.nonzero("count_nonzero", this, Reduce.mask("count_nonzero", dim()), false); }
    public Tensor countNonzero(int... dims) {
        return Reduce.nonzero("count_nonzero", this, Reduce.mask("count_nonzero", dim(), dims), false);
    }

    // ---------------------------------------------------------------- (spacer between sections)

    // ================================================================ indexing, joining, sorting (Index.java, Join.java, Sorting.java)
    // (indexing helper: add delegating methods here)

    /** {@code x[i, j, ...]}: integer indices (negative count from the end) give a view. */
    public Tensor get(long... indices) { return Index.get(this, indices); }

    /**
     * {@code x["1:3, :, 0"]}, {@code x["..., -1"]}, {@code x["::2"]}, {@code x["None"]}: NumPy/PyTorch
     * slicing gives a view that shares storage; negative steps are an error, as in PyTorch.
     */
    public Tensor get(String spec) { return Index.get(this, spec); }

    /** {@code x[mask]} for a bool mask over the leading dims, or {@code x[idx]} for an int64 index tensor (copies). */
    public Tensor get(Tensor index) { return Index.get(this, new Tensor[] {index}); }

    /** {@code x[i0, i1, ...]} with several index tensors (broadcast together) or masks (a copy). */
    public Tensor get(Tensor... indices) { return Index.get(this, indices); }

    /** {@code x[spec] = value}: writes through the view into this tensor's storage. */
    public Tensor set(String spec, Tensor value) { Index.set(this, spec, value); return this; }

    public Tensor set(String spec, double value) { Index.set(this, spec, Tensor.scalar(value)); return this; }

    /** {@code x[i, j] = value}. */
    public Tensor set(long[] indices, double value) {
        Tensor target = Index.get(this, indices);
        beginInPlace("set");
        Pointwise.copyInto(target, Tensor.scalar(value), "set");
        return this;
    }

    /** {@code x[mask] = value} or {@code x[idx] = value} ({@code index_put_}). */
    public Tensor set(Tensor index, double value) { Index.putScalar(this, index, value); return this; }

    public Tensor set(Tensor index, Tensor value) { Index.put(this, new Tensor[] {index}, value, false); return this; }

    /** {@code x.index_put_(indices, values, accumulate)}: with accumulate, repeated indices add up. */
    public Tensor indexPut_(Tensor[] indices, Tensor values, boolean accumulate) {
        Index.put(this, indices, values, accumulate);
        return this;
    }

    public Tensor indexPut_(Tensor[] indices, Tensor values) { return indexPut_(indices, values, false); }

    /** The slices at positions {@code index} (int64 or int32 vector) along dim, as a new tensor. */
    public Tensor indexSelect(int dim, Tensor index) { return Scatter.indexSelect(this, dim, index); }

    /** {@code self.select(dim, index[j]) += alpha * source.select(dim, j)}. */
    public Tensor indexAdd_(int dim, Tensor index, Tensor source) { return Scatter.indexAdd_(this, dim, index, source, 1); }

    public Tensor indexAdd_(int dim, Tensor index, Tensor source, double alpha) {
        return Scatter.indexAdd_(this, dim, index, source, alpha);
    }

    public Tensor indexAdd(int dim, Tensor index, Tensor source) { return clone().indexAdd_(dim, index, source); }

    public Tensor indexFill_(int dim, Tensor index, double value) { return Scatter.indexFill_(this, dim, index, value); }

    public Tensor indexFill(int dim, Tensor index, double value) { return clone().indexFill_(dim, index, value); }

    /** The elements where mask (broadcast with this tensor) is true, 1-D. */
    public Tensor maskedSelect(Tensor mask) { return Index.maskedSelect(this, mask); }

    /** Indices of the non-zero elements: int64 of shape [count, ndim]. */
    public Tensor nonzero() { return Index.nonzero(this); }

    /** {@code torch.nonzero(x, as_tuple=True)}: one int64 index vector per dimension. */
    public java.util.List<Tensor> nonzeroTuple() {
        Tensor nz = nonzero();
        if (dim() == 0) return java.util.List.of(Tensor.empty(new int[] {nz.shape[0]}, DType.INT64)); // a 0-dim x acts as 1-D
        java.util.List<Tensor> out = new java.util.ArrayList<>(dim());
        for (int d = 0; d < dim(); d++) out.add(nz.select(1, d).contiguous());
        return out;
    }

    /** out[i][j] = this[index[i][j]][j] for dim 0 (and likewise for other dims). */
    public Tensor gather(int dim, Tensor index) { return Scatter.gather(this, dim, index); }

    /** A copy with {@code self[index[i][j]][j] = src[i][j]} (dim 0). */
    public Tensor scatter(int dim, Tensor index, Tensor src) {
        return Scatter.scatter_("scatter", clone(), dim, index, src, 0, false);
    }

    public Tensor scatter(int dim, Tensor index, double value) {
        return Scatter.scatter_("scatter", clone(), dim, index, null, value, false);
    }

    public Tensor scatter_(int dim, Tensor index, Tensor src) {
        return Scatter.scatter_("scatter", this, dim, index, src, 0, false);
    }

    public Tensor scatter_(int dim, Tensor index, double value) {
        return Scatter.scatter_("scatter", this, dim, index, null, value, false);
    }

    /** A copy with {@code self[index[i][j]][j] += src[i][j]} (dim 0); repeated indices accumulate. */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        return Scatter.scatter_("scatter_add", clone(), dim, index, src, 0, true);
    }

    public Tensor scatterAdd_(int dim, Tensor index, Tensor src) {
        return Scatter.scatter_("scatter_add", this, dim, index, src, 0, true);
    }

    /** The lower triangle (on and below diagonal k) of the last two dims; the rest is zero. */
    public Tensor tril() { return tril(0); }
    public Tensor tril(long k) { return Index.triangle("tril", this, k, true); }
    public Tensor triu() { return triu(0); }
    public Tensor triu(long k) { return Index.triangle("triu", this, k, false); }
    public Tensor tril_() { return tril_(0); }
    public Tensor tril_(long k) { return copy_(tril(k)); }
    public Tensor triu_() { return triu_(0); }
    public Tensor triu_(long k) { return copy_(triu(k)); }

    /** Tiles this tensor: dimension i repeated repeats[i] times; extra leading repeats add dimensions. */
    public Tensor repeat(long... repeats) { return Join.repeat(this, repeats); }

    /** {@code repeat_interleave}: each element repeated {@code repeats} times, over the flattened tensor. */
    public Tensor repeatInterleave(long repeats) { return Join.repeatInterleave(this, Tensor.scalar(repeats), null); }

    /** Each slice along dim repeated {@code repeats} times, in place of the slice. */
    public Tensor repeatInterleave(long repeats, int dim) { return Join.repeatInterleave(this, Tensor.scalar(repeats), dim); }

    /** Slice i along dim repeated {@code repeats[i]} times (repeats: 0-dim or 1-dim int64). */
    public Tensor repeatInterleave(Tensor repeats, int dim) { return Join.repeatInterleave(this, repeats, dim); }

    /** A copy reversed along the given dims. */
    public Tensor flip(int... dims) { return Join.flip(this, dims); }

    /** Rotates along dim by shifts, wrapping around. */
    public Tensor roll(long shifts, int dim) { return Join.roll(this, new long[] {shifts}, new int[] {dim}); }

    /** Rolls the flattened tensor and restores the shape. */
    public Tensor roll(long shifts) { return Join.roll(this, new long[] {shifts}, new int[0]); }

    public Tensor roll(long[] shifts, int[] dims) { return Join.roll(this, shifts, dims); }

    /** Views of pieces of {@code splitSize} along dim (the last may be smaller). */
    public java.util.List<Tensor> split(long splitSize) { return Join.split(this, splitSize, 0); }
    public java.util.List<Tensor> split(long splitSize, int dim) { return Join.split(this, splitSize, dim); }

    /** Views of pieces with the given sizes along dim. */
    public java.util.List<Tensor> split(long[] sizes, int dim) { return Join.split(this, sizes, dim); }

    /** Views of ceil(size / chunks)-sized pieces along dim (possibly fewer than chunks). */
    public java.util.List<Tensor> chunk(int chunks) { return Join.chunk(this, chunks, 0); }
    public java.util.List<Tensor> chunk(int chunks, int dim) { return Join.chunk(this, chunks, dim); }

    /** The slices along dim as views without that dimension. */
    public java.util.List<Tensor> unbind() { return Join.unbind(this, 0); }
    public java.util.List<Tensor> unbind(int dim) { return Join.unbind(this, dim); }

    /** Sorted values and their original positions along dim (stable; NaN sorts as the largest). */
    public ValuesIndices sort() { return Sorting.sort(this, -1, false); }
    public ValuesIndices sort(int dim) { return Sorting.sort(this, dim, false); }
    public ValuesIndices sort(int dim, boolean descending) { return Sorting.sort(this, dim, descending); }

    /** PyTorch's {@code sort(stable=...)}: every sort here is stable, so the flag changes nothing. */
    public ValuesIndices sort(int dim, boolean descending, boolean stable) { return Sorting.sort(this, dim, descending); }

    /** The positions that sort this tensor along dim (int64). */
    public Tensor argsort() { return sort().indices(); }
    public Tensor argsort(int dim) { return sort(dim).indices(); }
    public Tensor argsort(int dim, boolean descending) { return sort(dim, descending).indices(); }

    /** The k largest values along the last dim, in descending order, with their positions. */
    public ValuesIndices topk(long k) { return Sorting.topk(this, k, -1, true); }
    public ValuesIndices topk(long k, int dim) { return Sorting.topk(this, k, dim, true); }
    public ValuesIndices topk(long k, int dim, boolean largest) { return Sorting.topk(this, k, dim, largest); }

    /** With largest=false the k smallest, ascending. The result is always sorted (sorted=false permits that). */
    public ValuesIndices topk(long k, int dim, boolean largest, boolean sorted) { return Sorting.topk(this, k, dim, largest); }

    /** The distinct values of the flattened tensor, ascending. */
    public Tensor unique() { return Sorting.unique(this, false, false).values(); }

    /**
     * Distinct values (always ascending: on CPU PyTorch's unsorted order is a hash order, sorting is a valid
     * instance of it), with inverse indices and counts when asked for (else null in the result).
     */
    public UniqueResult unique(boolean sorted, boolean returnInverse, boolean returnCounts) {
        return Sorting.unique(this, returnInverse, returnCounts);
    }

    // ---------------------------------------------------------------- (spacer between sections)

    // ================================================================ linear algebra (Linalg.java)
    // (linalg helper: add delegating methods here)

    /** Matrix product with PyTorch's rules: 1-D operands are promoted and squeezed, batch dims broadcast. */
    public Tensor matmul(Tensor other) { return Linalg.matmul(this, other); }
    /** Product of two matrices (2-D only, no broadcasting). */
    public Tensor mm(Tensor mat2) { return Linalg.mm(this, mat2); }
    /** Batched product of [b, n, k] and [b, k, p] (3-D only, equal batch sizes). */
    public Tensor bmm(Tensor batch2) { return Linalg.bmm(this, batch2); }
    /** Matrix-vector product. */
    public Tensor mv(Tensor vec) { return Linalg.mv(this, vec); }
    /** Inner product of two 1-D tensors of the same dtype; a 0-dim result. */
    public Tensor dot(Tensor other) { return Linalg.dot(this, other); }
    /** Outer product of two 1-D tensors (dtypes promote, as in mul). */
    public Tensor outer(Tensor vec2) { return Linalg.outer(this, vec2); }
    /** {@code this + mat1 @ mat2}, this broadcasting to the product's shape. */
    public Tensor addmm(Tensor mat1, Tensor mat2) { return Linalg.addmm(this, mat1, mat2, 1, 1); }
    /** {@code beta * this + alpha * (mat1 @ mat2)}; with beta 0 this is ignored (NaN included). */
    public Tensor addmm(Tensor mat1, Tensor mat2, double beta, double alpha) { return Linalg.addmm(this, mat1, mat2, beta, alpha); }
    /** {@code this + bmm(batch1, batch2)}, this broadcasting to the product's shape. */
    public Tensor baddbmm(Tensor batch1, Tensor batch2) { return Linalg.baddbmm(this, batch1, batch2, 1, 1); }
    public Tensor baddbmm(Tensor batch1, Tensor batch2, double beta, double alpha) {
        return Linalg.baddbmm(this, batch1, batch2, beta, alpha);
    }

    // ---------------------------------------------------------------- (spacer between sections)

    // ---------------------------------------------------------------- printing

    @Override
    public String toString() { return Format.tensor(this); }
}
