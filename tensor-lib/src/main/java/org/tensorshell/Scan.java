package org.tensorshell;

import org.tensorshell.core.Parallel;
import org.tensorshell.core.Shapes;
import org.tensorshell.core.Storage;

/**
 * Inclusive scans along one dim (cumsum, cumprod). Floating scans accumulate in double, as PyTorch's CPU
 * kernels do; integer and bool inputs scan in int64. The dim is moved last so each row is contiguous.
 */
final class Scan {
    private Scan() {}

    static Tensor apply(String op, Tensor x, int dim, DType dtype, boolean product) {
        if (dtype != null) x = x.to(dtype);
        if (Autograd.needed(x)) {
            Tensor out;
            try (GradMode g = GradMode.scope(false)) {
                out = apply(op, x, dim, null, product);
            }
            return ReduceGrad.scan(x, dim, product, out);
        }
        int d = Shapes.dim(op, dim, x.dim());
        DType outType = x.isFloatingPoint() ? x.dtype() : DType.INT64;
        if (x.dim() == 0) return x.to(outType).clone();
        boolean last = d == x.dim() - 1;
        Tensor in = (last ? x : x.movedim(d, -1)).contiguous();
        Tensor out = Tensor.uninit(in.shape.clone(), outType);
        int cols = in.shape[in.shape.length - 1];
        if (out.numel() == 0) return last ? out : out.movedim(-1, d).contiguous();
        int rows = (int) (out.numel() / cols);
        Storage src = in.storage, dst = out.storage;
        int off = in.offset;
        boolean floating = outType.isFloatingPoint();
        Parallel.range(rows, Math.max(1, Parallel.GRAIN / cols), (r0, r1) -> {
            if (floating) {
                double[] buf = new double[cols];
                for (int r = r0; r < r1; r++) {
                    src.readDouble(off + r * cols, 1, buf, 0, cols);
                    double acc = product ? 1 : 0;
                    for (int i = 0; i < cols; i++) buf[i] = acc = product ? acc * buf[i] : acc + buf[i];
                    dst.writeDouble(r * cols, 1, buf, 0, cols);
                }
            } else {
                long[] buf = new long[cols];
                for (int r = r0; r < r1; r++) {
                    src.readLong(off + r * cols, 1, buf, 0, cols);
                    long acc = product ? 1 : 0;
                    for (int i = 0; i < cols; i++) buf[i] = acc = product ? acc * buf[i] : acc + buf[i];
                    dst.writeLong(r * cols, 1, buf, 0, cols);
                }
            }
        });
        return last ? out : out.movedim(-1, d).contiguous();
    }
}
