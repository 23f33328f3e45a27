package org.tensorshell;

import java.lang.ref.Reference;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.tensorshell.core.Backend;
import org.tensorshell.core.Backends;
import org.tensorshell.core.Parallel;
import org.tensorshell.core.Shapes;
import org.tensorshell.core.Storage;
import org.tensorshell.core.TensorError;

/**
 * softmax and log_softmax along one dim, fused per row: with m = max(x),
 * softmax(x) = exp(x - m) / sum(exp(x - m)) and log_softmax(x) = x - m - log(sum(exp(x - m))),
 * so nothing overflows. Rows are contiguous runs of the last dim; another dim is moved last first. Float32 rows go
 * to a native kernel where one is installed ({@link Backend.SoftmaxRows}), the Java kernel below otherwise.
 */
final class Softmax {
    private Softmax() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    static Tensor apply(String op, Tensor x, int dim, DType dtype, boolean log) {
        if (dtype != null) x = x.to(dtype);
        if (!x.isFloatingPoint()) {
            throw new TensorError(op + ": \"softmax_kernel_impl\" not implemented for '" + Reduce.scalarName(x.dtype())
                + "' (input shape " + Shapes.str(x.shape) + "; pass a floating dtype or convert with .to(FLOAT32))");
        }
        int d = Shapes.dim(op, dim, x.dim());
        if (Autograd.needed(x)) {
            Tensor out;
            try (GradMode g = GradMode.scope(false)) {
                out = apply(op, x, dim, null, log);
            }
            return ReduceGrad.softmax(x, dim, log, out);
        }
        if (x.dim() == 0) return Tensor.empty(Shapes.SCALAR, x.dtype()).fill_(log ? 0 : 1);
        boolean last = d == x.dim() - 1;
        Tensor in = (last ? x : x.movedim(d, -1)).contiguous();
        Tensor out = Tensor.uninit(in.shape.clone(), in.dtype());
        kernel(in, out, log);
        return last ? out : out.movedim(-1, d).contiguous();
    }

    /** Softmax over the last dim of contiguous {@code in} into contiguous {@code out} of the same shape and dtype. */
    static void kernel(Tensor in, Tensor out, boolean log) {
        kernel(in, out, log, in.dtype() == DType.FLOAT32 ? Backends.softmaxRows() : null);
    }

    /** As {@link #kernel(Tensor, Tensor, boolean)}, float32 rows going to {@code fast} where it is not null. */
    static void kernel(Tensor in, Tensor out, boolean log, Backend.SoftmaxRows fast) {
        int cols = in.shape[in.shape.length - 1];
        if (out.numel() == 0) return;
        int rows = (int) (out.numel() / cols);
        int grain = Math.max(1, Parallel.GRAIN / Math.max(cols * 4, 1));
        Storage src = in.storage, dst = out.storage;
        int off = in.offset, outOff = out.offset;
        boolean f32 = in.dtype() == DType.FLOAT32;
        if (f32 && fast != null) {
            int perCall = Math.max(1, NATIVE_FLOATS / cols);
            Parallel.range(rows, grain, (r0, r1) -> {
                for (int r = r0; r < r1; r += perCall) {
                    int n = Math.min(perCall, r1 - r);
                    // declined (an instruction set this processor lacks, overlap): the Java kernel does the rest
                    if (!fast.softmax(dst, outOff + (long) r * cols, src, off + (long) r * cols, n, cols, log)) {
                        rowsFloat(src, off, dst, outOff, cols, r, r1, log);
                        return;
                    }
                    Parallel.checkInterrupt();
                }
            });
            // the storages' Cleaners hand their memory on: keep them reachable until the native calls are done
            Reference.reachabilityFence(in);
            Reference.reachabilityFence(out);
            return;
        }
        Parallel.range(rows, grain, (r0, r1) -> {
            if (f32) rowsFloat(src, off, dst, outOff, cols, r0, r1, log);
            else rowsDouble(src, off, dst, outOff, cols, r0, r1, log);
        });
    }

    /**
     * Floats per call of a native kernel (whole rows, at least one): between calls the op checks for an
     * interrupt, as the Java kernel does every 256 rows; a call takes about 0.1 ms.
     */
    private static final int NATIVE_FLOATS = 1 << 18;

    private static void rowsFloat(Storage src, int off, Storage dst, int outOff, int cols, int r0, int r1, boolean log) {
        float[] buf = new float[padded(cols)];
        for (int r = r0; r < r1; r++) {
            src.readFloat(off + r * cols, 1, buf, 0, cols);
            rowFloat(buf, cols, log);
            dst.writeFloat(outOff + r * cols, 1, buf, 0, cols);
            if ((r & 255) == 255) Parallel.checkInterrupt();
        }
    }

    private static void rowsDouble(Storage src, int off, Storage dst, int outOff, int cols, int r0, int r1, boolean log) {
        double[] buf = new double[cols];
        for (int r = r0; r < r1; r++) {
            src.readDouble(off + r * cols, 1, buf, 0, cols);
            rowDouble(buf, cols, log);
            dst.writeDouble(outOff + r * cols, 1, buf, 0, cols);
            if ((r & 255) == 255) Parallel.checkInterrupt();
        }
    }

    /** logsumexp over the last dim of a contiguous tensor, into a contiguous tensor of one value per row. */
    static void logsumexpRows(Tensor in, Tensor out) {
        int cols = in.shape.length == 0 ? 1 : in.shape[in.shape.length - 1];
        int rows = (int) out.numel();
        if (rows == 0) return;
        Storage src = in.storage, dst = out.storage;
        int off = in.offset, outOff = out.offset;
        Parallel.range(rows, Math.max(1, Parallel.GRAIN / Math.max(cols * 4, 1)), (r0, r1) -> {
            double[] buf = new double[cols];
            for (int r = r0; r < r1; r++) {
                src.readDouble(off + r * cols, 1, buf, 0, cols);
                dst.setDouble(outOff + r, logsumexp(buf, cols));
            }
        });
    }

    /** m + log(sum(exp(x - m))) with m the max, or 0 where the max is infinite (as PyTorch does). */
    static double logsumexp(double[] a, int n) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) m = a[i] != a[i] ? a[i] : Math.max(m, a[i]);
        if (Double.isInfinite(m)) m = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.exp(a[i] - m);
        return Math.log(sum) + m;
    }

    /** {@code n} rounded up to whole vectors: the length {@link #rowFloat} needs. */
    static int padded(int n) {
        return (n + FS.length() - 1) / FS.length() * FS.length();
    }

    /**
     * Softmax (or log_softmax) of a[0, n) in place; {@code a} has {@link #padded}(n) elements. The padding is
     * set to -inf (it adds nothing to the max or, as exp(-inf) = 0, to the sum), so every pass runs in
     * whole vectors: a row of 1000 floats used to end in 8 scalar exps, about a tenth of its time.
     */
    static void rowFloat(float[] a, int n, boolean log) {
        int step = FS.length(), end = padded(n);
        java.util.Arrays.fill(a, n, end, Float.NEGATIVE_INFINITY);
        // two independent max chains hide the latency of each
        FloatVector vmax = FloatVector.broadcast(FS, Float.NEGATIVE_INFINITY), vmax2 = vmax;
        int i = 0;
        for (; i + step < end; i += 2 * step) {
            vmax = vmax.lanewise(VectorOperators.MAX, FloatVector.fromArray(FS, a, i));
            vmax2 = vmax2.lanewise(VectorOperators.MAX, FloatVector.fromArray(FS, a, i + step));
        }
        for (; i < end; i += step) vmax = vmax.lanewise(VectorOperators.MAX, FloatVector.fromArray(FS, a, i));
        float m = vmax.lanewise(VectorOperators.MAX, vmax2).reduceLanes(VectorOperators.MAX);
        FloatVector vm = FloatVector.broadcast(FS, m);
        FloatVector acc = FloatVector.zero(FS);
        for (i = 0; i < end; i += step) {
            FloatVector e = FloatVector.fromArray(FS, a, i).sub(vm).lanewise(VectorOperators.EXP);
            acc = acc.add(e);
            if (!log) e.intoArray(a, i);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        if (log) {
            FloatVector ml = FloatVector.broadcast(FS, (float) Math.log(sum));
            for (i = 0; i < end; i += step) FloatVector.fromArray(FS, a, i).sub(vm).sub(ml).intoArray(a, i);
        } else {
            FloatVector scale = FloatVector.broadcast(FS, 1f / sum);
            for (i = 0; i < end; i += step) FloatVector.fromArray(FS, a, i).mul(scale).intoArray(a, i);
        }
    }

    static void rowDouble(double[] a, int n, boolean log) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) m = Math.max(m, a[i]);
        int bound = DS.loopBound(n), step = DS.length(), i = 0;
        DoubleVector vm = DoubleVector.broadcast(DS, m), acc = DoubleVector.zero(DS);
        for (; i < bound; i += step) {
            DoubleVector e = DoubleVector.fromArray(DS, a, i).sub(vm).lanewise(VectorOperators.EXP);
            acc = acc.add(e);
            if (!log) e.intoArray(a, i);
        }
        double sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            double e = Math.exp(a[i] - m);
            sum += e;
            if (!log) a[i] = e;
        }
        if (log) {
            double ls = Math.log(sum);
            for (i = 0; i < n; i++) a[i] = a[i] - m - ls;
        } else {
            double inv = 1 / sum;
            for (i = 0; i < n; i++) a[i] *= inv;
        }
    }
}
