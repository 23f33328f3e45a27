package org.tensorshell.nn.functional;

import org.tensorshell.Function;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;

/**
 * Sliding windows over the last two dims (im2col) and their adjoint (col2im), as two recorded ops whose
 * backwards are each other. Both are KH*KW strided copies/additions of whole [N, C, OH, OW] planes through
 * the pointwise engine, so neither direction needs the generic per-element view gradient.
 *
 * <p>Window (i, j) of output position (oh, ow) reads input row {@code oh*sh - ph + i*dh} and column
 * {@code ow*sw - pw + j*dw}; positions outside the input read {@code padValue}.
 */
final class Windows {
    private Windows() {}

    /** The geometry of a 2-D sliding window; oh/ow are the output sizes (they fix any extra right padding). */
    record Geo(int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, int oh, int ow) {
        /** Valid output index range [lo, hi) for kernel offset k along one dim. */
        static int[] range(int k, int s, int p, int d, int in, int out) {
            int first = p - k * d; // oh*s >= first
            int lo = first <= 0 ? 0 : (first + s - 1) / s;
            int last = in - 1 + p - k * d; // oh*s <= last
            int hi = last < 0 ? 0 : Math.min(out, last / s + 1);
            return new int[] {lo, Math.max(lo, hi)};
        }
    }

    /**
     * The windows of x [N, C, H, W] as a tensor of logical shape [N, C, KH, KW, OH, OW]. With
     * {@code channelsFirst} its memory is laid out as [C, KH, KW, N, OH, OW] (so it reshapes to the
     * [C*KH*KW, N*OH*OW] matrix of a convolution without a copy), else contiguously.
     */
    static Tensor im2col(Tensor x, Geo g, boolean channelsFirst, double padValue) {
        return new Im2Col(g, channelsFirst, padValue).apply(x);
    }

    /** The adjoint: windows of logical shape [N, C, KH, KW, OH, OW] summed back into [N, C, H, W]. */
    static Tensor col2im(Tensor cols, Geo g, int h, int w) {
        return new Col2Im(g, h, w).apply(cols);
    }

    static Tensor im2colRaw(Tensor x, Geo g, boolean channelsFirst, double padValue) {
        long n = x.size(0), c = x.size(1);
        int h = (int) x.size(2), w = (int) x.size(3);
        Tensor out;
        if (channelsFirst) out = Torch.zeros(new long[] {c, g.kh(), g.kw(), n, g.oh(), g.ow()}, x.dtype()).permute(3, 0, 1, 2, 4, 5);
        else out = Torch.zeros(new long[] {n, c, g.kh(), g.kw(), g.oh(), g.ow()}, x.dtype());
        if (padValue != 0) out.fill_(padValue);
        for (int i = 0; i < g.kh(); i++) {
            int[] rh = Geo.range(i, g.sh(), g.ph(), g.dh(), h, g.oh());
            if (rh[1] <= rh[0]) continue;
            for (int j = 0; j < g.kw(); j++) {
                int[] rw = Geo.range(j, g.sw(), g.pw(), g.dw(), w, g.ow());
                if (rw[1] <= rw[0]) continue;
                dst(out, i, j, rh, rw).copy_(src(x, g, i, j, rh, rw));
            }
        }
        return out;
    }

    static Tensor col2imRaw(Tensor cols, Geo g, int h, int w) {
        long n = cols.size(0), c = cols.size(1);
        Tensor x = Torch.zeros(new long[] {n, c, h, w}, cols.dtype());
        for (int i = 0; i < g.kh(); i++) {
            int[] rh = Geo.range(i, g.sh(), g.ph(), g.dh(), h, g.oh());
            if (rh[1] <= rh[0]) continue;
            for (int j = 0; j < g.kw(); j++) {
                int[] rw = Geo.range(j, g.sw(), g.pw(), g.dw(), w, g.ow());
                if (rw[1] <= rw[0]) continue;
                src(x, g, i, j, rh, rw).add_(dst(cols, i, j, rh, rw));
            }
        }
        return x;
    }

    /** The [N, C, rows, cols] block of window offset (i, j) in the windows tensor. */
    private static Tensor dst(Tensor cols, int i, int j, int[] rh, int[] rw) {
        return cols.select(2, i).select(2, j).slice(2, rh[0], rh[1], 1).slice(3, rw[0], rw[1], 1);
    }

    /** The input elements those windows read: a strided block of x. */
    private static Tensor src(Tensor x, Geo g, int i, int j, int[] rh, int[] rw) {
        int ih0 = rh[0] * g.sh() - g.ph() + i * g.dh(), iw0 = rw[0] * g.sw() - g.pw() + j * g.dw();
        long ih1 = ih0 + (long) (rh[1] - rh[0] - 1) * g.sh() + 1, iw1 = iw0 + (long) (rw[1] - rw[0] - 1) * g.sw() + 1;
        return x.slice(2, ih0, ih1, g.sh()).slice(3, iw0, iw1, g.sw());
    }

    static final class Im2Col extends Function {
        private final Geo g;
        private final boolean channelsFirst;
        private final double padValue;
        private int h, w;

        Im2Col(Geo g, boolean channelsFirst, double padValue) {
            this.g = g;
            this.channelsFirst = channelsFirst;
            this.padValue = padValue;
        }

        @Override
        public Tensor forward(Context ctx, Tensor... in) {
            h = (int) in[0].size(2);
            w = (int) in[0].size(3);
            return im2colRaw(in[0], g, channelsFirst, padValue);
        }

        @Override
        public Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {col2im(grad, g, h, w)};
        }
    }

    static final class Col2Im extends Function {
        private final Geo g;
        private final int h, w;

        Col2Im(Geo g, int h, int w) {
            this.g = g;
            this.h = h;
            this.w = w;
        }

        @Override
        public Tensor forward(Context ctx, Tensor... in) { return col2imRaw(in[0], g, h, w); }

        @Override
        public Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {im2col(grad, g, false, 0)};
        }
    }
}
