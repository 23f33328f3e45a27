package org.tensorshell;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.List;
import org.tensorshell.core.Parallel;
import org.tensorshell.core.Shapes;
import org.tensorshell.core.Storage;
import org.tensorshell.core.TensorError;

/**
 * The {@code torch} namespace: {@code import static org.tensorshell.Torch.*;} brings in the factories,
 * the dtype and device constants and the functional forms of the ops.
 */
public final class Torch {
    private Torch() {}

    public static final DType FLOAT32 = DType.FLOAT32;
    public static final DType FLOAT = DType.FLOAT32;
    public static final DType FLOAT64 = DType.FLOAT64;
    public static final DType DOUBLE = DType.FLOAT64;
    public static final DType INT64 = DType.INT64;
    public static final DType LONG = DType.INT64;
    public static final DType INT32 = DType.INT32;
    public static final DType INT = DType.INT32;
    public static final DType BOOL = DType.BOOL;
    public static final Device CPU = Device.CPU;
    public static final Device CUDA = Device.CUDA;

    private static volatile DType defaultDtype = DType.FLOAT32;
    static final Generator DEFAULT_GENERATOR = new Generator();

    // ---------------------------------------------------------------- global settings

    public static DType defaultDtype() { return defaultDtype; }

    /** {@code torch.set_default_dtype}: float32 or float64. */
    public static void setDefaultDtype(DType dt) {
        if (!dt.isFloatingPoint()) {
            throw new TensorError("set_default_dtype: only floating-point types are supported as the default type, got " + dt);
        }
        defaultDtype = dt;
    }

    /** A scope in which ops record no autograd graph: {@code try (var g = noGrad()) { ... }}. */
    public static GradMode noGrad() { return GradMode.scope(false); }

    /** A scope in which ops record the graph again (inside a noGrad scope). */
    public static GradMode enableGrad() { return GradMode.scope(true); }

    /** Whether ops record the autograd graph on this thread. */
    public static boolean isGradEnabled() { return GradMode.isEnabled(); }

    /** Seeds the default generator; returns it. */
    public static Generator manualSeed(long seed) { return DEFAULT_GENERATOR.manualSeed(seed); }

    public static Generator defaultGenerator() { return DEFAULT_GENERATOR; }

    /** Threads used by intra-op parallelism, ours and OpenBLAS's. */
    public static void setNumThreads(int n) { Parallel.setNumThreads(n); }

    public static int getNumThreads() { return Parallel.numThreads(); }

    /** {@code torch.set_printoptions} for the common options; pass -1 to leave one unchanged. */
    public static void setPrintOptions(int precision, int threshold, int edgeitems, int linewidth) {
        if (precision >= 0) Format.precision = precision;
        if (threshold >= 0) Format.threshold = threshold;
        if (edgeitems >= 0) Format.edgeitems = edgeitems;
        if (linewidth >= 0) Format.linewidth = linewidth;
    }

    // ---------------------------------------------------------------- from Java data

    /** A 1-D tensor from floating literals; like Python floats they become the default dtype (float32). */
    public static Tensor tensor(double... values) { return fromArray(values, defaultDtype, "tensor"); }

    public static Tensor tensor(float... values) { return fromArray(values, DType.FLOAT32, "tensor"); }

    /** A 1-D int64 tensor from integer literals, as {@code torch.tensor([1, 2, 3])}. */
    public static Tensor tensor(long... values) { return fromArray(values, DType.INT64, "tensor"); }

    public static Tensor tensor(int... values) { return fromArray(values, DType.INT64, "tensor"); }

    public static Tensor tensor(boolean... values) { return fromArray(values, DType.BOOL, "tensor"); }

    /**
     * A tensor from a (nested) Java array or a boxed number: {@code float[][]} gives float32,
     * {@code double[][]} the default dtype, {@code int[][]}/{@code long[][]} int64, {@code boolean[][]} bool.
     */
    public static Tensor tensor(Object data) { return fromArray(data, null, "tensor"); }

    /** As {@link #tensor(Object)}, converted to {@code dtype}. */
    public static Tensor tensor(Object data, DType dtype) { return fromArray(data, dtype, "tensor"); }

    private static Tensor fromArray(Object data, DType dtype, String op) {
        if (data == null) throw new TensorError(op + ": data must not be null");
        if (data instanceof Tensor t) return dtype == null ? t.clone() : t.to(dtype).clone();
        if (data instanceof Number || data instanceof Boolean) {
            DType natural = data instanceof Boolean ? DType.BOOL
                : data instanceof Double || data instanceof Float ? (data instanceof Float ? DType.FLOAT32 : defaultDtype)
                : DType.INT64;
            Tensor out = Tensor.empty(Shapes.SCALAR, dtype == null ? natural : dtype);
            if (data instanceof Boolean b) out.storage.setLong(0, b ? 1 : 0);
            else if (natural == DType.INT64) out.storage.setLong(0, ((Number) data).longValue());
            else out.storage.setDouble(0, ((Number) data).doubleValue());
            return out;
        }
        if (!data.getClass().isArray()) {
            throw new TensorError(op + ": could not infer dtype of " + data.getClass().getSimpleName()
                + "; expected a (nested) array of float, double, int, long or boolean, or a number");
        }
        // Walk down the first elements for the shape, then check every sub-array has it.
        int[] shape = new int[0];
        Object cur = data;
        Class<?> leaf = null;
        while (cur != null && cur.getClass().isArray()) {
            int n = Array.getLength(cur);
            shape = Arrays.copyOf(shape, shape.length + 1);
            shape[shape.length - 1] = n;
            if (cur.getClass().getComponentType().isPrimitive()) {
                leaf = cur.getClass().getComponentType();
                break;
            }
            if (n == 0) break;
            cur = Array.get(cur, 0);
        }
        if (leaf == null) {
            Class<?> c = data.getClass();
            while (c.isArray()) c = c.getComponentType();
            leaf = c;
        }
        DType natural = leaf == float.class ? DType.FLOAT32 : leaf == double.class ? defaultDtype
            : leaf == long.class || leaf == int.class || leaf == short.class || leaf == byte.class ? DType.INT64
            : leaf == boolean.class ? DType.BOOL : null;
        if (natural == null) {
            throw new TensorError(op + ": could not infer dtype of " + leaf.getSimpleName()
                + " elements; expected float, double, int, long or boolean");
        }
        DType dt = dtype == null ? natural : dtype;
        Tensor out = Tensor.empty(shape, dt);
        int[] pos = {0};
        fill(data, 0, shape, out.storage, pos, op);
        return out;
    }

    private static void fill(Object arr, int depth, int[] shape, Storage s, int[] pos, String op) {
        int n = Array.getLength(arr);
        if (n != shape[depth]) {
            throw new TensorError(op + ": expected sequence of length " + shape[depth] + " at dim " + depth
                + " (got " + n + "); nested arrays must not be ragged");
        }
        if (depth == shape.length - 1) {
            switch (arr) {
                case float[] a -> { for (float v : a) s.setDouble(pos[0]++, v); }
                case double[] a -> { for (double v : a) s.setDouble(pos[0]++, v); }
                case long[] a -> { for (long v : a) s.setLong(pos[0]++, v); }
                case int[] a -> { for (int v : a) s.setLong(pos[0]++, v); }
                case short[] a -> { for (short v : a) s.setLong(pos[0]++, v); }
                case byte[] a -> { for (byte v : a) s.setLong(pos[0]++, v); }
                case boolean[] a -> { for (boolean v : a) s.setLong(pos[0]++, v ? 1 : 0); }
                default -> throw new TensorError(op + ": expected sequence of length " + shape[depth]
                    + " at dim " + depth + " to hold numbers, got " + arr.getClass().getSimpleName());
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            Object sub = Array.get(arr, i);
            if (sub == null || !sub.getClass().isArray()) {
                throw new TensorError(op + ": expected a nested array at dim " + (depth + 1) + ", index " + i + ", got " + sub);
            }
            fill(sub, depth + 1, shape, s, pos, op);
        }
    }

    /** A 0-dim tensor of a dtype holding a value (what a Java scalar becomes inside ops). */
    static Tensor scalarLike(double v, DType dt) {
        Tensor t = Tensor.empty(Shapes.SCALAR, dt);
        t.storage.setDouble(0, v);
        return t;
    }

    // ---------------------------------------------------------------- creation

    public static Tensor empty(long... size) { return Tensor.empty(Shapes.checked("empty", size), defaultDtype); }
    public static Tensor empty(long[] size, DType dtype) { return Tensor.empty(Shapes.checked("empty", size), dtype); }
    public static Tensor zeros(long... size) { return Tensor.empty(Shapes.checked("zeros", size), defaultDtype); }
    public static Tensor zeros(long[] size, DType dtype) { return Tensor.empty(Shapes.checked("zeros", size), dtype); }
    public static Tensor ones(long... size) { return full(size, 1.0, defaultDtype); }
    public static Tensor ones(long[] size, DType dtype) { return full(size, 1.0, dtype); }

    /** A tensor filled with {@code value}; a floating value gives the default dtype. */
    public static Tensor full(long[] size, double value) { return full(size, value, defaultDtype); }

    /** A tensor filled with an integer value gives int64, as in PyTorch. */
    public static Tensor full(long[] size, long value) {
        Tensor t = Tensor.empty(Shapes.checked("full", size), DType.INT64);
        return t.fill_(value);
    }

    public static Tensor full(long[] size, boolean value) { return full(size, value ? 1 : 0, DType.BOOL); }

    public static Tensor full(long[] size, double value, DType dtype) {
        Tensor t = Tensor.empty(Shapes.checked("full", size), dtype);
        if (value != 0) t.fill_(value);
        return t;
    }

    public static Tensor zerosLike(Tensor t) { return Tensor.empty(t.shape.clone(), t.dtype()); }
    public static Tensor onesLike(Tensor t) { return full(t.shape(), 1.0, t.dtype()); }
    public static Tensor emptyLike(Tensor t) { return Tensor.empty(t.shape.clone(), t.dtype()); }
    public static Tensor fullLike(Tensor t, double value) { return full(t.shape(), value, t.dtype()); }
    public static Tensor randLike(Tensor t) { return rand(t.shape(), t.dtype()); }
    public static Tensor randnLike(Tensor t) { return randn(t.shape(), t.dtype()); }

    /** [0, end) with step 1, int64. */
    public static Tensor arange(long end) { return arange(0, end, 1); }

    public static Tensor arange(long start, long end) { return arange(start, end, 1); }

    public static Tensor arange(long start, long end, long step) {
        if (step == 0) throw new TensorError("arange: step must be nonzero");
        if ((end - start) * step < 0 && end != start) {
            throw new TensorError("arange: upper bound and larger bound inconsistent with step sign (start=" + start
                + ", end=" + end + ", step=" + step + ")");
        }
        long n = Math.max(0, Math.floorDiv(end - start + step - Long.signum(step), step));
        Tensor t = Tensor.empty(Shapes.checked("arange", new long[] {n}), DType.INT64);
        for (int i = 0; i < n; i++) t.storage.setLong(i, start + i * step);
        return t;
    }

    /** [0, end) with step 1 in the default floating dtype. */
    public static Tensor arange(double end) { return arange(0.0, end, 1.0); }

    public static Tensor arange(double start, double end) { return arange(start, end, 1.0); }

    public static Tensor arange(double start, double end, double step) {
        if (step == 0 || !Double.isFinite(step)) throw new TensorError("arange: step must be nonzero and finite, got " + step);
        if (!Double.isFinite(start) || !Double.isFinite(end)) {
            throw new TensorError("arange: unsupported range: " + start + " -> " + end);
        }
        if ((end - start) * step < 0) {
            throw new TensorError("arange: upper bound and larger bound inconsistent with step sign (start=" + start
                + ", end=" + end + ", step=" + step + ")");
        }
        long n = (long) Math.ceil((end - start) / step);
        Tensor t = Tensor.empty(Shapes.checked("arange", new long[] {n}), defaultDtype);
        for (int i = 0; i < n; i++) t.storage.setDouble(i, start + i * step);
        return t;
    }

    /** {@code steps} points from start to end inclusive, symmetric around the middle as in PyTorch. */
    public static Tensor linspace(double start, double end, long steps) {
        return linspace(start, end, steps, defaultDtype);
    }

    public static Tensor linspace(double start, double end, long steps, DType dtype) {
        if (steps < 0) throw new TensorError("linspace: number of steps must be non-negative, got " + steps);
        Tensor t = Tensor.empty(Shapes.checked("linspace", new long[] {steps}), dtype);
        if (steps == 0) return t;
        if (steps == 1) {
            t.storage.setDouble(0, start);
            return t;
        }
        double step = (end - start) / (steps - 1);
        long half = steps / 2;
        for (int i = 0; i < steps; i++) {
            t.storage.setDouble(i, i < half ? start + step * i : end - step * (steps - i - 1));
        }
        return t;
    }

    public static Tensor eye(long n) { return eye(n, n, defaultDtype); }
    public static Tensor eye(long n, long m) { return eye(n, m, defaultDtype); }

    public static Tensor eye(long n, long m, DType dtype) {
        Tensor t = Tensor.empty(Shapes.checked("eye", new long[] {n, m}), dtype);
        for (int i = 0; i < Math.min(n, m); i++) t.storage.setLong((int) (i * m + i), 1);
        return t;
    }

    // ---------------------------------------------------------------- random

    public static Tensor rand(long... size) { return rand(size, defaultDtype); }
    public static Tensor rand(long[] size, DType dtype) { return Tensor.empty(Shapes.checked("rand", size), dtype).uniform_(0, 1); }
    public static Tensor rand(long[] size, Generator g) { return Tensor.empty(Shapes.checked("rand", size), defaultDtype).uniform_(0, 1, g); }
    public static Tensor randn(long... size) { return randn(size, defaultDtype); }
    public static Tensor randn(long[] size, DType dtype) { return Tensor.empty(Shapes.checked("randn", size), dtype).normal_(0, 1); }
    public static Tensor randn(long[] size, Generator g) { return Tensor.empty(Shapes.checked("randn", size), defaultDtype).normal_(0, 1, g); }

    /** Integers uniform in [low, high), int64. */
    public static Tensor randint(long low, long high, long... size) {
        return RandomOps.randint(low, high, Shapes.checked("randint", size), DEFAULT_GENERATOR);
    }

    /** Integers uniform in [0, high), int64. */
    public static Tensor randint(long high, long[] size) {
        return RandomOps.randint(0, high, Shapes.checked("randint", size), DEFAULT_GENERATOR);
    }

    public static Tensor randint(long low, long high, long[] size, Generator g) {
        return RandomOps.randint(low, high, Shapes.checked("randint", size), g);
    }

    /** A random permutation of 0..n-1, int64. */
    public static Tensor randperm(long n) { return RandomOps.randperm(n, DEFAULT_GENERATOR); }

    public static Tensor randperm(long n, Generator g) { return RandomOps.randperm(n, g); }

    /** Samples 0/1 with the probabilities in {@code p}. */
    public static Tensor bernoulli(Tensor p) { return p.bernoulli(); }

    public static Tensor multinomial(Tensor probs, long numSamples, boolean replacement) {
        return probs.multinomial(numSamples, replacement);
    }

    public static Tensor normal(double mean, double std, long... size) {
        return Tensor.empty(Shapes.checked("normal", size), defaultDtype).normal_(mean, std);
    }

    // ---------------------------------------------------------------- functional forms

    public static Tensor where(Tensor cond, Tensor a, Tensor b) { return Pointwise.where(cond, a, b); }
    public static Tensor where(Tensor cond, Tensor a, double b) { return Pointwise.where(cond, a, Tensor.scalar(b)); }
    public static Tensor where(Tensor cond, double a, Tensor b) { return Pointwise.where(cond, Tensor.scalar(a), b); }
    public static Tensor where(Tensor cond, double a, double b) {
        return Pointwise.where(cond, Tensor.scalar(a), Tensor.scalar(b));
    }

    public static Tensor cat(List<Tensor> tensors, int dim) { return Join.cat(tensors, dim); }
    public static Tensor cat(List<Tensor> tensors) { return Join.cat(tensors, 0); }
    public static Tensor cat(Tensor... tensors) { return Join.cat(List.of(tensors), 0); }
    public static Tensor stack(List<Tensor> tensors, int dim) { return Join.stack(tensors, dim); }
    public static Tensor stack(List<Tensor> tensors) { return Join.stack(tensors, 0); }
    public static Tensor stack(Tensor... tensors) { return Join.stack(List.of(tensors), 0); }

    public static Tensor maximum(Tensor a, Tensor b) { return a.maximum(b); }
    public static Tensor minimum(Tensor a, Tensor b) { return a.minimum(b); }
    public static Tensor exp(Tensor x) { return x.exp(); }
    public static Tensor log(Tensor x) { return x.log(); }
    public static Tensor sqrt(Tensor x) { return x.sqrt(); }
    public static Tensor abs(Tensor x) { return x.abs(); }
    public static Tensor tanh(Tensor x) { return x.tanh(); }
    public static Tensor sigmoid(Tensor x) { return x.sigmoid(); }
    public static Tensor relu(Tensor x) { return x.relu(); }
    public static Tensor isnan(Tensor x) { return x.isnan(); }
    public static Tensor isinf(Tensor x) { return x.isinf(); }
    public static Tensor clamp(Tensor x, double min, double max) { return x.clamp(min, max); }
    public static Tensor nanToNum(Tensor x) { return x.nanToNum(); }
    public static Tensor pow(Tensor x, double e) { return x.pow(e); }
    public static Tensor pow(Tensor x, Tensor e) { return x.pow(e); }
    public static Tensor logicalAnd(Tensor a, Tensor b) { return a.logicalAnd(b); }
    public static Tensor logicalOr(Tensor a, Tensor b) { return a.logicalOr(b); }
    public static Tensor logicalNot(Tensor a) { return a.logicalNot(); }

    // ================================================================ reductions (functional forms)

    public static Tensor sum(Tensor x) { return x.sum(); }
    public static Tensor sum(Tensor x, DType dtype) { return x.sum(dtype); }
    public static Tensor sum(Tensor x, int dim) { return x.sum(dim); }
    public static Tensor sum(Tensor x, int... dims) { return x.sum(dims); }
    public static Tensor sum(Tensor x, int dim, boolean keepdim) { return x.sum(dim, keepdim); }
    public static Tensor sum(Tensor x, int[] dims, boolean keepdim) { return x.sum(dims, keepdim); }
    public static Tensor mean(Tensor x) { return x.mean(); }
    public static Tensor mean(Tensor x, int dim) { return x.mean(dim); }
    public static Tensor mean(Tensor x, int... dims) { return x.mean(dims); }
    public static Tensor mean(Tensor x, int dim, boolean keepdim) { return x.mean(dim, keepdim); }
    public static Tensor mean(Tensor x, int[] dims, boolean keepdim) { return x.mean(dims, keepdim); }
    public static Tensor prod(Tensor x) { return x.prod(); }
    public static Tensor prod(Tensor x, int dim) { return x.prod(dim); }
    public static Tensor prod(Tensor x, int dim, boolean keepdim) { return x.prod(dim, keepdim); }
    public static Tensor max(Tensor x) { return x.max(); }
    public static ValuesIndices max(Tensor x, int dim) { return x.max(dim); }
    public static ValuesIndices max(Tensor x, int dim, boolean keepdim) { return x.max(dim, keepdim); }
    /** Elementwise maximum, as {@code torch.max(a, b)}. */
    public static Tensor max(Tensor a, Tensor b) { return a.maximum(b); }
    public static Tensor min(Tensor x) { return x.min(); }
    public static ValuesIndices min(Tensor x, int dim) { return x.min(dim); }
    public static ValuesIndices min(Tensor x, int dim, boolean keepdim) { return x.min(dim, keepdim); }
    public static Tensor min(Tensor a, Tensor b) { return a.minimum(b); }
    public static Tensor amax(Tensor x, int... dims) { return x.amax(dims); }
    public static Tensor amax(Tensor x, int[] dims, boolean keepdim) { return x.amax(dims, keepdim); }
    public static Tensor amin(Tensor x, int... dims) { return x.amin(dims); }
    public static Tensor amin(Tensor x, int[] dims, boolean keepdim) { return x.amin(dims, keepdim); }
    public static Tensor argmax(Tensor x) { return x.argmax(); }
    public static Tensor argmax(Tensor x, int dim) { return x.argmax(dim); }
    public static Tensor argmax(Tensor x, int dim, boolean keepdim) { return x.argmax(dim, keepdim); }
    public static Tensor argmin(Tensor x) { return x.argmin(); }
    public static Tensor argmin(Tensor x, int dim) { return x.argmin(dim); }
    public static Tensor argmin(Tensor x, int dim, boolean keepdim) { return x.argmin(dim, keepdim); }
    public static Tensor var(Tensor x) { return x.var(); }
    public static Tensor var(Tensor x, boolean unbiased) { return x.var(unbiased); }
    public static Tensor var(Tensor x, int dim) { return x.var(dim); }
    public static Tensor var(Tensor x, int dim, boolean unbiased, boolean keepdim) { return x.var(dim, unbiased, keepdim); }
    public static Tensor var(Tensor x, int[] dims, boolean unbiased, boolean keepdim) { return x.var(dims, unbiased, keepdim); }
    public static Tensor std(Tensor x) { return x.std(); }
    public static Tensor std(Tensor x, boolean unbiased) { return x.std(unbiased); }
    public static Tensor std(Tensor x, int dim) { return x.std(dim); }
    public static Tensor std(Tensor x, int dim, boolean unbiased, boolean keepdim) { return x.std(dim, unbiased, keepdim); }
    public static Tensor std(Tensor x, int[] dims, boolean unbiased, boolean keepdim) { return x.std(dims, unbiased, keepdim); }
    public static Tensor norm(Tensor x) { return x.norm(); }
    public static Tensor norm(Tensor x, double p) { return x.norm(p); }
    public static Tensor norm(Tensor x, double p, int dim, boolean keepdim) { return x.norm(p, dim, keepdim); }
    public static Tensor norm(Tensor x, double p, int[] dims, boolean keepdim) { return x.norm(p, dims, keepdim); }
    public static Tensor logsumexp(Tensor x, int dim) { return x.logsumexp(dim); }
    public static Tensor logsumexp(Tensor x, int dim, boolean keepdim) { return x.logsumexp(dim, keepdim); }
    public static Tensor logsumexp(Tensor x, int[] dims, boolean keepdim) { return x.logsumexp(dims, keepdim); }
    public static Tensor softmax(Tensor x, int dim) { return x.softmax(dim); }
    public static Tensor softmax(Tensor x, int dim, DType dtype) { return x.softmax(dim, dtype); }
    public static Tensor logSoftmax(Tensor x, int dim) { return x.logSoftmax(dim); }
    public static Tensor logSoftmax(Tensor x, int dim, DType dtype) { return x.logSoftmax(dim, dtype); }
    public static Tensor cumsum(Tensor x, int dim) { return x.cumsum(dim); }
    public static Tensor cumsum(Tensor x, int dim, DType dtype) { return x.cumsum(dim, dtype); }
    public static Tensor cumprod(Tensor x, int dim) { return x.cumprod(dim); }
    public static Tensor cumprod(Tensor x, int dim, DType dtype) { return x.cumprod(dim, dtype); }
    public static Tensor all(Tensor x) { return x.all(); }
    public static Tensor all(Tensor x, int dim) { return x.all(dim); }
    public static Tensor all(Tensor x, int dim, boolean keepdim) { return x.all(dim, keepdim); }
    public static Tensor any(Tensor x) { return x.any(); }
    public static Tensor any(Tensor x, int dim) { return x.any(dim); }
    public static Tensor any(Tensor x, int dim, boolean keepdim) { return x.any(dim, keepdim); }
    public static Tensor countNonzero(Tensor x) { return x.countNonzero(); }
    public static Tensor countNonzero(Tensor x, int... dims) { return x.countNonzero(dims); }

    // ---------------------------------------------------------------- (spacer between sections)

    // ================================================================ indexing, joining, sorting (functional forms)

    /**
     * {@code F.one_hot}: an int64 tensor of shape input.shape + [numClasses] with a 1 at each class;
     * numClasses -1 means max(input) + 1.
     */
    public static Tensor oneHot(Tensor input, int numClasses) { return Join.oneHot(input, numClasses); }

    public static Tensor oneHot(Tensor input) { return Join.oneHot(input, -1); }

    /** {@code torch.where(cond)}: the indices of the true (non-zero) elements, one int64 vector per dim. */
    public static List<Tensor> where(Tensor cond) { return cond.nonzeroTuple(); }

    public static Tensor hstack(Tensor... tensors) { return Join.hstack(List.of(tensors)); }
    public static Tensor hstack(List<Tensor> tensors) { return Join.hstack(tensors); }
    public static Tensor vstack(Tensor... tensors) { return Join.vstack(List.of(tensors)); }
    public static Tensor vstack(List<Tensor> tensors) { return Join.vstack(tensors); }
    public static List<Tensor> split(Tensor x, long splitSize, int dim) { return x.split(splitSize, dim); }
    public static List<Tensor> split(Tensor x, long[] sizes, int dim) { return x.split(sizes, dim); }
    public static List<Tensor> chunk(Tensor x, int chunks, int dim) { return x.chunk(chunks, dim); }
    public static List<Tensor> unbind(Tensor x, int dim) { return x.unbind(dim); }
    public static Tensor gather(Tensor x, int dim, Tensor index) { return x.gather(dim, index); }
    public static Tensor scatter(Tensor x, int dim, Tensor index, Tensor src) { return x.scatter(dim, index, src); }
    public static Tensor scatter(Tensor x, int dim, Tensor index, double value) { return x.scatter(dim, index, value); }
    public static Tensor scatterAdd(Tensor x, int dim, Tensor index, Tensor src) { return x.scatterAdd(dim, index, src); }
    public static Tensor indexSelect(Tensor x, int dim, Tensor index) { return x.indexSelect(dim, index); }
    public static Tensor maskedSelect(Tensor x, Tensor mask) { return x.maskedSelect(mask); }
    public static Tensor nonzero(Tensor x) { return x.nonzero(); }
    public static Tensor tril(Tensor x, long k) { return x.tril(k); }
    public static Tensor tril(Tensor x) { return x.tril(); }
    public static Tensor triu(Tensor x, long k) { return x.triu(k); }
    public static Tensor triu(Tensor x) { return x.triu(); }
    public static Tensor flip(Tensor x, int... dims) { return x.flip(dims); }
    public static Tensor roll(Tensor x, long shifts, int dim) { return x.roll(shifts, dim); }
    public static Tensor roll(Tensor x, long[] shifts, int[] dims) { return x.roll(shifts, dims); }
    public static ValuesIndices sort(Tensor x, int dim, boolean descending) { return x.sort(dim, descending); }
    public static ValuesIndices sort(Tensor x) { return x.sort(); }
    public static Tensor argsort(Tensor x, int dim, boolean descending) { return x.argsort(dim, descending); }
    public static Tensor argsort(Tensor x) { return x.argsort(); }
    public static ValuesIndices topk(Tensor x, long k) { return x.topk(k); }
    public static ValuesIndices topk(Tensor x, long k, int dim, boolean largest, boolean sorted) {
        return x.topk(k, dim, largest, sorted);
    }
    public static Tensor unique(Tensor x) { return x.unique(); }
    public static UniqueResult unique(Tensor x, boolean sorted, boolean returnInverse, boolean returnCounts) {
        return x.unique(sorted, returnInverse, returnCounts);
    }

    // ---------------------------------------------------------------- (spacer between sections)

    // ================================================================ linear algebra (functional forms)

    /** {@code torch.matmul}: 1-D operands are promoted and squeezed, batch dimensions broadcast; no dtype promotion. */
    public static Tensor matmul(Tensor input, Tensor other) { return Linalg.matmul(input, other); }
    /** {@code torch.matmul(input, other, out=out)}: writes the product into out (of the result's shape and dtype). */
    public static Tensor matmul(Tensor input, Tensor other, Tensor out) { return Linalg.matmul(input, other, out); }
    public static Tensor mm(Tensor input, Tensor mat2) { return Linalg.mm(input, mat2); }
    public static Tensor mm(Tensor input, Tensor mat2, Tensor out) { return Linalg.mm(input, mat2, out); }
    public static Tensor bmm(Tensor input, Tensor mat2) { return Linalg.bmm(input, mat2); }
    public static Tensor mv(Tensor input, Tensor vec) { return Linalg.mv(input, vec); }
    public static Tensor dot(Tensor input, Tensor other) { return Linalg.dot(input, other); }
    public static Tensor outer(Tensor input, Tensor vec2) { return Linalg.outer(input, vec2); }
    /** {@code torch.addmm(input, mat1, mat2)}: {@code input + mat1 @ mat2}. */
    public static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2) { return Linalg.addmm(input, mat1, mat2, 1, 1); }
    /** {@code beta * input + alpha * (mat1 @ mat2)}; with beta 0 the input is ignored (NaN included). */
    public static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2, double beta, double alpha) {
        return Linalg.addmm(input, mat1, mat2, beta, alpha);
    }
    public static Tensor baddbmm(Tensor input, Tensor batch1, Tensor batch2) { return Linalg.baddbmm(input, batch1, batch2, 1, 1); }
    public static Tensor baddbmm(Tensor input, Tensor batch1, Tensor batch2, double beta, double alpha) {
        return Linalg.baddbmm(input, batch1, batch2, beta, alpha);
    }

    // ---------------------------------------------------------------- (spacer between sections)

    // ================================================================ checkpoints (safetensors)

    /** {@code torch.save(state_dict, path)} in the safetensors format, written atomically; see {@link org.tensorshell.io.SafeTensors}. */
    public static void save(java.util.Map<String, Tensor> tensors, java.nio.file.Path path) {
        org.tensorshell.io.SafeTensors.save(tensors, path);
    }

    /** {@code torch.load(path)} of a safetensors file: every tensor, in file order, or a TensorError naming what is wrong. */
    public static java.util.Map<String, Tensor> load(java.nio.file.Path path) {
        return org.tensorshell.io.SafeTensors.load(path);
    }
}
