package org.tensorshell.nn.functional;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;

/**
 * Convolutions as im2col + matrix products: out[n, oc, l] = W[oc, (c, kh, kw)] @ cols[n, (c, kh, kw), l].
 * The product goes to the BLAS backend; gradients come from the product's and the windows' own backwards.
 */
final class Convolution {
    private Convolution() {}

    /** Padding per dim; a negative first entry marks "same" (computed from the kernel). */
    static int[] samePadding(int[] k, int[] d) {
        int[] p = new int[k.length];
        for (int i = 0; i < k.length; i++) p[i] = d[i] * (k[i] - 1) / 2; // the extra odd element goes to the end
        return p;
    }

    static Tensor conv2d(String op, Tensor x, Tensor w, Tensor b, int[] stride, int[] padding, int[] dilation, int groups,
                         boolean same) {
        boolean unbatched = x.dim() == 3;
        if (x.dim() != 3 && x.dim() != 4) {
            throw new TensorError(op + ": Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: "
                + Arrays.toString(x.shape()));
        }
        if (unbatched) x = x.unsqueeze(0);
        checkWeight(op, x, w, b, groups, 4);
        for (int i = 0; i < 2; i++) {
            if (stride[i] <= 0) throw new TensorError(op + ": non-positive stride is not supported");
            if (padding[i] < 0) throw new TensorError(op + ": negative padding is not supported");
            if (dilation[i] <= 0) throw new TensorError(op + ": dilation should be greater than zero");
        }
        int n = (int) x.size(0), c = (int) x.size(1), h = (int) x.size(2), wd = (int) x.size(3);
        int oc = (int) w.size(0), kh = (int) w.size(2), kw = (int) w.size(3);
        int oh, ow;
        if (same) {
            oh = h;
            ow = wd;
        } else {
            oh = (h + 2 * padding[0] - dilation[0] * (kh - 1) - 1) / stride[0] + 1;
            ow = (wd + 2 * padding[1] - dilation[1] * (kw - 1) - 1) / stride[1] + 1;
            if (h + 2 * padding[0] < dilation[0] * (kh - 1) + 1 || wd + 2 * padding[1] < dilation[1] * (kw - 1) + 1) {
                throw new TensorError(op + ": Calculated padded input size per channel: (" + (h + 2 * padding[0]) + " x "
                    + (wd + 2 * padding[1]) + "). Kernel size: (" + (dilation[0] * (kh - 1) + 1) + " x "
                    + (dilation[1] * (kw - 1) + 1) + "). Kernel size can't be greater than actual input size");
            }
        }
        var g = new Windows.Geo(kh, kw, stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], oh, ow);
        // cols [N, C*KH*KW, OH*OW]: one product per sample gives the output contiguous in [N, OC, OH, OW]
        Tensor cols = Windows.im2col(x, g, false, 0).view(n, (long) c * kh * kw, (long) oh * ow);
        Tensor wm = w.reshape(oc, (long) c / groups * kh * kw);
        Tensor out;
        if (groups == 1 && b != null) out = b.view(1, oc, 1).baddbmm(wm.expand(n, oc, wm.size(1)), cols); // bias fused into the product
        else {
            out = product(wm, cols, groups);
            if (b != null) out = out.add(b.view(oc, 1));
        }
        out = out.view(n, oc, oh, ow);
        return unbatched ? out.squeeze(0) : out;
    }

    /** W [oc, k] @ cols [N, groups*k, L] per group. */
    private static Tensor product(Tensor wm, Tensor cols, int groups) {
        if (groups == 1) return wm.matmul(cols);
        long ocg = wm.size(0) / groups, k = wm.size(1);
        List<Tensor> parts = new ArrayList<>();
        for (int i = 0; i < groups; i++) parts.add(wm.narrow(0, i * ocg, ocg).matmul(cols.narrow(1, i * k, k)));
        return Torch.cat(parts, 1);
    }

    static void checkWeight(String op, Tensor x, Tensor w, Tensor b, int groups, int dims) {
        if (w.dim() != dims) {
            throw new TensorError(op + ": Expected " + dims + "-dimensional weight for " + dims + "-dimensional input "
                + Arrays.toString(x.shape()) + ", but got " + w.dim() + "-dimensional weight of size " + Arrays.toString(w.shape()));
        }
        if (groups <= 0) throw new TensorError(op + ": non-positive groups is not supported");
        if (w.size(0) % groups != 0) {
            throw new TensorError(op + ": Given groups=" + groups + ", expected weight to be divisible by " + groups
                + " at dimension 0, but got weight of size " + Arrays.toString(w.shape()) + " instead");
        }
        if (x.size(1) != w.size(1) * groups) {
            throw new TensorError(op + ": Given groups=" + groups + ", weight of size " + Arrays.toString(w.shape())
                + ", expected input" + Arrays.toString(x.shape()) + " to have " + w.size(1) * groups
                + " channels, but got " + x.size(1) + " channels instead");
        }
        if (b != null && (b.dim() != 1 || b.size(0) != w.size(0))) {
            throw new TensorError(op + ": Given weight of size " + Arrays.toString(w.shape()) + ", expected bias to be "
                + "1-dimensional with " + w.size(0) + " elements, but got bias of size " + Arrays.toString(b.shape()) + " instead");
        }
        if (x.dtype() != w.dtype()) {
            throw new TensorError(op + ": Input type (" + x.dtype() + ") and weight type (" + w.dtype() + ") should be the same");
        }
    }

    static Tensor conv1d(Tensor x, Tensor w, Tensor b, int stride, int padding, int dilation, int groups, boolean same) {
        boolean unbatched = x.dim() == 2;
        if (x.dim() != 2 && x.dim() != 3) {
            throw new TensorError("conv1d: Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: "
                + Arrays.toString(x.shape()));
        }
        if (unbatched) x = x.unsqueeze(0);
        if (w.dim() != 3) {
            throw new TensorError("conv1d: Expected 3-dimensional weight for 3-dimensional input " + Arrays.toString(x.shape())
                + ", but got " + w.dim() + "-dimensional weight of size " + Arrays.toString(w.shape()));
        }
        Tensor out = conv2d("conv1d", x.unsqueeze(2), w.unsqueeze(2), b, new int[] {1, stride}, new int[] {0, padding},
            new int[] {1, dilation}, groups, same).squeeze(2);
        return unbatched ? out.squeeze(0) : out;
    }

    /** The adjoint of conv2d: x [N, Cin, H, W], w [Cin, Cout/groups, KH, KW]. */
    static Tensor convTranspose2d(Tensor x, Tensor w, Tensor b, int[] stride, int[] padding, int[] outputPadding, int groups,
                                  int[] dilation) {
        boolean unbatched = x.dim() == 3;
        if (x.dim() != 3 && x.dim() != 4) {
            throw new TensorError("conv_transpose2d: Expected 3D (unbatched) or 4D (batched) input, but got input of size: "
                + Arrays.toString(x.shape()));
        }
        if (unbatched) x = x.unsqueeze(0);
        if (w.dim() != 4 || w.size(0) != x.size(1) || x.size(1) % groups != 0) {
            throw new TensorError("conv_transpose2d: Given transposed=1, weight of size " + Arrays.toString(w.shape())
                + ", expected input" + Arrays.toString(x.shape()) + " to have " + w.size(0) + " channels, but got "
                + x.size(1) + " channels instead");
        }
        for (int i = 0; i < 2; i++) {
            if (outputPadding[i] >= stride[i] && outputPadding[i] >= dilation[i]) {
                throw new TensorError("conv_transpose2d: output padding must be smaller than either stride or dilation, but got "
                    + "output_padding=" + outputPadding[i] + ", stride=" + stride[i] + ", dilation=" + dilation[i]);
            }
        }
        int n = (int) x.size(0), cin = (int) x.size(1), h = (int) x.size(2), wd = (int) x.size(3);
        int coutg = (int) w.size(1), kh = (int) w.size(2), kw = (int) w.size(3), cing = cin / groups;
        int oh = (h - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kh - 1) + outputPadding[0] + 1;
        int ow = (wd - 1) * stride[1] - 2 * padding[1] + dilation[1] * (kw - 1) + outputPadding[1] + 1;
        // cols[(co, kh, kw), (n, h, w)] = W^T @ x, then every window adds back into the output it came from
        Tensor xm = x.permute(1, 0, 2, 3).reshape(cin, (long) n * h * wd);
        List<Tensor> parts = new ArrayList<>();
        for (int gi = 0; gi < groups; gi++) {
            Tensor wg = w.narrow(0, (long) gi * cing, cing).reshape(cing, (long) coutg * kh * kw);
            parts.add(wg.t().matmul(groups == 1 ? xm : xm.narrow(0, (long) gi * cing, cing)));
        }
        Tensor cols = groups == 1 ? parts.get(0) : Torch.cat(parts, 0);
        cols = cols.view((long) coutg * groups, kh, kw, n, h, wd).permute(3, 0, 1, 2, 4, 5);
        var g = new Windows.Geo(kh, kw, stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], h, wd);
        Tensor out = Windows.col2im(cols, g, oh, ow);
        if (b != null) out = out.add(b.view(1, -1, 1, 1));
        return unbatched ? out.squeeze(0) : out;
    }
}
