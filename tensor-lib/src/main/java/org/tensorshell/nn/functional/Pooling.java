package org.tensorshell.nn.functional;

import java.util.Arrays;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;

/** Pooling as a reduction over the window axis of {@link Windows#im2col}. */
final class Pooling {
    private Pooling() {}

    /** PyTorch's pooling_output_shape. */
    static int outSize(String op, int in, int k, int s, int p, int d, boolean ceil) {
        long num = (long) in + 2L * p - (long) d * (k - 1) - 1 + (ceil ? s - 1 : 0);
        int out = (int) Math.floorDiv(num, s) + 1;
        if (ceil && (long) (out - 1) * s >= in + p) out--;
        if (out <= 0) {
            throw new TensorError(op + ": Given input size too small: computed output size " + out + " for input size " + in
                + ", kernel " + k + ", stride " + s + ", padding " + p + ", dilation " + d);
        }
        return out;
    }

    private static Tensor batched(String op, Tensor x) {
        if (x.dim() != 3 && x.dim() != 4) {
            throw new TensorError(op + ": Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, "
                + "but got: " + Arrays.toString(x.shape()));
        }
        return x.dim() == 3 ? x.unsqueeze(0) : x;
    }

    private static void check(String op, int[] k, int[] s, int[] p, int[] d) {
        for (int i = 0; i < 2; i++) {
            if (k[i] <= 0) throw new TensorError(op + ": kernel_size must be greater than zero, but got " + k[i]);
            if (s[i] <= 0) throw new TensorError(op + ": stride must be greater than zero, but got " + s[i]);
            if (d[i] <= 0) throw new TensorError(op + ": dilation must be greater than zero, but got " + d[i]);
            if (p[i] < 0 || p[i] > k[i] / 2) {
                throw new TensorError(op + ": pad should be at most half of kernel size, but got pad=" + p[i]
                    + " and kernel_size=" + k[i]);
            }
        }
    }

    static Tensor maxPool2d(Tensor x, int[] k, int[] s, int[] p, int[] d, boolean ceil) {
        check("max_pool2d", k, s, p, d);
        Tensor xb = batched("max_pool2d", x);
        int oh = outSize("max_pool2d", (int) xb.size(2), k[0], s[0], p[0], d[0], ceil);
        int ow = outSize("max_pool2d", (int) xb.size(3), k[1], s[1], p[1], d[1], ceil);
        var g = new Windows.Geo(k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], oh, ow);
        Tensor win = Windows.im2col(xb, g, false, Double.NEGATIVE_INFINITY)
            .view(xb.size(0), xb.size(1), (long) k[0] * k[1], oh, ow);
        Tensor out = win.max(2).values();
        return x.dim() == 3 ? out.squeeze(0) : out;
    }

    static Tensor avgPool2d(Tensor x, int[] k, int[] s, int[] p, boolean ceil, boolean countIncludePad) {
        int[] one = {1, 1};
        check("avg_pool2d", k, s, p, one);
        Tensor xb = batched("avg_pool2d", x);
        int h = (int) xb.size(2), w = (int) xb.size(3);
        int oh = outSize("avg_pool2d", h, k[0], s[0], p[0], 1, ceil);
        int ow = outSize("avg_pool2d", w, k[1], s[1], p[1], 1, ceil);
        var g = new Windows.Geo(k[0], k[1], s[0], s[1], p[0], p[1], 1, 1, oh, ow);
        Tensor sum = Windows.im2col(xb, g, false, 0).view(xb.size(0), xb.size(1), (long) k[0] * k[1], oh, ow).sum(2);
        Tensor div = Torch.tensor(divisors(h, w, g, countIncludePad), xb.dtype()).view(oh, ow);
        Tensor out = sum.div(div);
        return x.dim() == 3 ? out.squeeze(0) : out;
    }

    /** Elements each window averages: inside input plus padding (countIncludePad) or inside the input only. */
    private static double[] divisors(int h, int w, Windows.Geo g, boolean includePad) {
        double[] r = new double[g.oh() * g.ow()];
        for (int i = 0; i < g.oh(); i++) {
            int h0 = i * g.sh() - g.ph(), h1 = Math.min(h0 + g.kh(), h + g.ph());
            for (int j = 0; j < g.ow(); j++) {
                int w0 = j * g.sw() - g.pw(), w1 = Math.min(w0 + g.kw(), w + g.pw());
                int cnt = (h1 - h0) * (w1 - w0);
                if (!includePad) cnt = (Math.min(h1, h) - Math.max(h0, 0)) * (Math.min(w1, w) - Math.max(w0, 0));
                r[i * g.ow() + j] = cnt;
            }
        }
        return r;
    }

    /** Output cell i averages input rows floor(i*in/out) to ceil((i+1)*in/out): out = A_h @ x @ A_w^T. */
    static Tensor adaptiveAvgPool2d(Tensor x, int oh, int ow) {
        Tensor xb = batched("adaptive_avg_pool2d", x);
        int h = (int) xb.size(2), w = (int) xb.size(3);
        if (oh < 0 || ow < 0) throw new TensorError("adaptive_avg_pool2d: output size must be non-negative");
        Tensor ah = averaging(oh, h, xb), aw = averaging(ow, w, xb);
        Tensor out = ah.matmul(xb).matmul(aw.t());
        return x.dim() == 3 ? out.squeeze(0) : out;
    }

    private static Tensor averaging(int out, int in, Tensor like) {
        double[] a = new double[out * in];
        for (int i = 0; i < out; i++) {
            int lo = (int) Math.floor((double) i * in / out), hi = (int) Math.ceil((double) (i + 1) * in / out);
            for (int j = lo; j < hi; j++) a[i * in + j] = 1.0 / (hi - lo);
        }
        return Torch.tensor(a, like.dtype()).view(out, in);
    }
}
