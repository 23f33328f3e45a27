package org.tensorshell.nn.functional;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;
import org.tensorshell.nn.Reduction;

/**
 * {@code torch.nn.functional}: stateless forms of the layers and losses. Every function is a composite
 * of recorded tensor ops (convolutions and pooling also use the recorded im2col/col2im pair), so gradients
 * follow from the primitives. Defaults are PyTorch 1.13's.
 */
public final class F {
    private F() {}

    // ------------------------------------------------------------------ activations

    public static Tensor relu(Tensor x) { return x.relu(); }
    public static Tensor leakyRelu(Tensor x) { return x.leakyRelu(0.01); }
    public static Tensor leakyRelu(Tensor x, double negativeSlope) { return x.leakyRelu(negativeSlope); }
    public static Tensor gelu(Tensor x) { return x.gelu(); }
    /** {@code approximate}: "none" or "tanh". */
    public static Tensor gelu(Tensor x, String approximate) { return x.gelu(approximate); }
    public static Tensor silu(Tensor x) { return x.silu(); }
    public static Tensor sigmoid(Tensor x) { return x.sigmoid(); }
    public static Tensor tanh(Tensor x) { return x.tanh(); }
    public static Tensor softplus(Tensor x) { return x.softplus(); }
    public static Tensor softplus(Tensor x, double beta, double threshold) { return x.softplus(beta, threshold); }
    public static Tensor softmax(Tensor x, int dim) { return x.softmax(dim); }
    public static Tensor logSoftmax(Tensor x, int dim) { return x.logSoftmax(dim); }

    // ------------------------------------------------------------------ linear and convolution

    /** {@code x @ weight^T + bias}; weight is [out, in]. */
    public static Tensor linear(Tensor x, Tensor weight) { return linear(x, weight, null); }

    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (weight.dim() != 2 && weight.dim() != 1) {
            throw new TensorError("linear: weight must be 1-D or 2-D, got shape " + Arrays.toString(weight.shape()));
        }
        if (x.dim() >= 1 && weight.dim() == 2 && x.size(-1) != weight.size(1)) {
            throw new TensorError("linear: mat1 and mat2 shapes cannot be multiplied (" + rows(x) + "x" + x.size(-1) + " and "
                + weight.size(1) + "x" + weight.size(0) + ")");
        }
        if (x.dim() == 2 && bias != null && weight.dim() == 2) return bias.addmm(x, weight.t());
        Tensor y = x.matmul(weight.t());
        return bias == null ? y : y.add(bias);
    }

    private static long rows(Tensor x) { return x.numel() / Math.max(1, x.size(-1)); }

    public static Tensor conv2d(Tensor x, Tensor weight) { return conv2d(x, weight, null); }

    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias) { return conv2d(x, weight, bias, 1, 0); }

    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return conv2d(x, weight, bias, new int[] {stride, stride}, new int[] {padding, padding}, new int[] {1, 1}, 1);
    }

    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return Convolution.conv2d("conv2d", x, weight, bias, pair(stride), pair(padding), pair(dilation), groups, false);
    }

    /** {@code padding} "valid" (none) or "same" (output as large as the input; stride must be 1). */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation, int groups) {
        int[] s = pair(stride), d = pair(dilation);
        if (padding.equals("valid")) return Convolution.conv2d("conv2d", x, weight, bias, s, new int[2], d, groups, false);
        if (!padding.equals("same")) throw new TensorError("conv2d: Invalid padding string '" + padding + "', should be one of {'valid', 'same'}");
        if (s[0] != 1 || s[1] != 1) throw new TensorError("conv2d: padding='same' is not supported for strided convolutions");
        int[] k = {(int) weight.size(-2), (int) weight.size(-1)};
        return Convolution.conv2d("conv2d", x, weight, bias, s, Convolution.samePadding(k, d), d, groups, true);
    }

    public static Tensor conv1d(Tensor x, Tensor weight) { return conv1d(x, weight, null); }

    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias) { return conv1d(x, weight, bias, 1, 0, 1, 1); }

    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        return Convolution.conv1d(x, weight, bias, stride, padding, dilation, groups, false);
    }

    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, String padding, int dilation, int groups) {
        if (padding.equals("valid")) return Convolution.conv1d(x, weight, bias, stride, 0, dilation, groups, false);
        if (!padding.equals("same")) throw new TensorError("conv1d: Invalid padding string '" + padding + "', should be one of {'valid', 'same'}");
        if (stride != 1) throw new TensorError("conv1d: padding='same' is not supported for strided convolutions");
        int p = Convolution.samePadding(new int[] {(int) weight.size(-1)}, new int[] {dilation})[0];
        return Convolution.conv1d(x, weight, bias, stride, p, dilation, groups, true);
    }

    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias) {
        return convTranspose2d(x, weight, bias, new int[] {1}, new int[] {0}, new int[] {0}, 1, new int[] {1});
    }

    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] outputPadding,
                                         int groups, int[] dilation) {
        return Convolution.convTranspose2d(x, weight, bias, pair(stride), pair(padding), pair(outputPadding), groups, pair(dilation));
    }

    /** One value for both dims, or two. */
    static int[] pair(int[] v) {
        if (v.length == 1) return new int[] {v[0], v[0]};
        if (v.length != 2) throw new TensorError("expected 1 or 2 values for a 2-D size, got " + Arrays.toString(v));
        return v;
    }

    // ------------------------------------------------------------------ pooling

    public static Tensor maxPool2d(Tensor x, int kernelSize) { return maxPool2d(x, kernelSize, kernelSize); }

    public static Tensor maxPool2d(Tensor x, int kernelSize, int stride) {
        return maxPool2d(x, new int[] {kernelSize}, new int[] {stride}, new int[] {0}, new int[] {1}, false);
    }

    public static Tensor maxPool2d(Tensor x, int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        int[] k = pair(kernelSize);
        return Pooling.maxPool2d(x, k, stride == null || stride.length == 0 ? k : pair(stride), pair(padding), pair(dilation), ceilMode);
    }

    public static Tensor avgPool2d(Tensor x, int kernelSize) { return avgPool2d(x, kernelSize, kernelSize); }

    public static Tensor avgPool2d(Tensor x, int kernelSize, int stride) {
        return avgPool2d(x, new int[] {kernelSize}, new int[] {stride}, new int[] {0}, false, true);
    }

    public static Tensor avgPool2d(Tensor x, int[] kernelSize, int[] stride, int[] padding, boolean ceilMode,
                                   boolean countIncludePad) {
        int[] k = pair(kernelSize);
        return Pooling.avgPool2d(x, k, stride == null || stride.length == 0 ? k : pair(stride), pair(padding), ceilMode,
            countIncludePad);
    }

    public static Tensor adaptiveAvgPool2d(Tensor x, int outputSize) { return Pooling.adaptiveAvgPool2d(x, outputSize, outputSize); }

    public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) { return Pooling.adaptiveAvgPool2d(x, outH, outW); }

    // ------------------------------------------------------------------ normalisation, dropout, embedding

    /** {@code F.batch_norm}: with training, batch statistics (and running stats updated in place when given). */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, boolean training,
                                   double momentum, double eps) {
        return Normalization.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar) {
        return batchNorm(x, runningMean, runningVar, null, null, false, 0.1, 1e-5);
    }

    public static Tensor layerNorm(Tensor x, long[] normalizedShape) { return layerNorm(x, normalizedShape, null, null, 1e-5); }

    public static Tensor layerNorm(Tensor x, long[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return Normalization.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    public static Tensor groupNorm(Tensor x, int numGroups) { return groupNorm(x, numGroups, null, null, 1e-5); }

    public static Tensor groupNorm(Tensor x, int numGroups, Tensor weight, Tensor bias, double eps) {
        return Normalization.groupNorm(x, numGroups, weight, bias, eps);
    }

    /** {@code F.dropout(x, p)} (training defaults to true, as in PyTorch). */
    public static Tensor dropout(Tensor x, double p) { return dropout(x, p, true); }

    /** Zeroes each element with probability p (global generator) and scales the rest by 1/(1-p). */
    public static Tensor dropout(Tensor x, double p, boolean training) {
        if (p < 0 || p > 1) throw new TensorError("dropout probability has to be between 0 and 1, but got " + p);
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(Torch.zerosLike(x));
        Tensor noise = Torch.rand(x.shape(), x.dtype()).lt(1 - p).to(x.dtype()).div(1 - p);
        return x.mul(noise);
    }

    /** Rows of {@code weight} [num, dim] picked by integer {@code indices}: shape indices.shape + [dim]. */
    public static Tensor embedding(Tensor indices, Tensor weight) { return embedding(indices, weight, null); }

    /** With paddingIdx, the rows read at that index get no gradient. */
    public static Tensor embedding(Tensor indices, Tensor weight, Long paddingIdx) {
        if (indices.isFloatingPoint() || indices.dtype() == DType.BOOL) {
            throw new TensorError("embedding: Expected tensor for argument #1 'indices' to have one of the following scalar types: "
                + "Long, Int; but got " + indices.dtype() + " instead");
        }
        if (weight.dim() != 2) throw new TensorError("embedding: 'weight' must be 2-D, got shape " + Arrays.toString(weight.shape()));
        long[] s = Arrays.copyOf(indices.shape(), indices.dim() + 1);
        s[indices.dim()] = weight.size(1);
        Tensor out = weight.indexSelect(0, indices.reshape(-1)).view(s);
        if (paddingIdx == null || !out.requiresGrad()) return out;
        long pad = paddingIdx < 0 ? paddingIdx + weight.size(0) : paddingIdx;
        Tensor keep = indices.ne((double) pad).unsqueeze(-1);
        return Torch.where(keep, out, out.detach());
    }

    /** {@code F.one_hot}: int64 with a new last dim of numClasses (-1: max + 1). */
    public static Tensor oneHot(Tensor t) { return Losses.oneHot(t, -1); }

    public static Tensor oneHot(Tensor t, long numClasses) { return Losses.oneHot(t, numClasses); }

    /** Constant padding: {@code pad} lists (left, right) pairs starting from the last dim. */
    public static Tensor pad(Tensor x, long[] pad, double value) {
        if (pad.length % 2 != 0 || pad.length / 2 > x.dim()) {
            throw new TensorError("pad: Padding length must be divisible by 2 and at most twice the number of dims, got "
                + pad.length + " for a " + x.dim() + "-D input");
        }
        Tensor y = x;
        for (int i = 0; i < pad.length / 2; i++) {
            int d = x.dim() - 1 - i;
            long lo = pad[2 * i], hi = pad[2 * i + 1];
            if (lo < 0) y = y.narrow(d, -lo, y.size(d) + lo);
            if (hi < 0) y = y.narrow(d, 0, y.size(d) + hi);
            List<Tensor> parts = new ArrayList<>();
            if (lo > 0) parts.add(block(y, d, lo, value));
            parts.add(y);
            if (hi > 0) parts.add(block(y, d, hi, value));
            if (parts.size() > 1) y = Torch.cat(parts, d);
        }
        return y;
    }

    public static Tensor pad(Tensor x, long[] pad) { return pad(x, pad, 0); }

    private static Tensor block(Tensor like, int d, long n, double value) {
        long[] s = like.shape();
        s[d] = n;
        return Torch.full(s, value, like.dtype());
    }

    // ------------------------------------------------------------------ losses

    public static Tensor mseLoss(Tensor input, Tensor target) { return mseLoss(input, target, Reduction.MEAN); }
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction r) { return Losses.mse(input, target, r); }
    public static Tensor l1Loss(Tensor input, Tensor target) { return l1Loss(input, target, Reduction.MEAN); }
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction r) { return Losses.l1(input, target, r); }
    public static Tensor smoothL1Loss(Tensor input, Tensor target) { return smoothL1Loss(input, target, Reduction.MEAN, 1.0); }
    public static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction r, double beta) { return Losses.smoothL1(input, target, r, beta); }
    public static Tensor huberLoss(Tensor input, Tensor target) { return huberLoss(input, target, Reduction.MEAN, 1.0); }
    public static Tensor huberLoss(Tensor input, Tensor target, Reduction r, double delta) { return Losses.huber(input, target, r, delta); }

    /** Cross entropy of logits [N, C, ...] (or [C]) against class indices or class probabilities. */
    public static Tensor crossEntropy(Tensor input, Tensor target) { return crossEntropy(input, target, Reduction.MEAN); }

    public static Tensor crossEntropy(Tensor input, Tensor target, Reduction r) {
        return crossEntropy(input, target, null, -100, r, 0.0);
    }

    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction r,
                                      double labelSmoothing) {
        return Losses.crossEntropy(input, target, weight, ignoreIndex, r, labelSmoothing);
    }

    public static Tensor nllLoss(Tensor input, Tensor target) { return nllLoss(input, target, null, -100, Reduction.MEAN); }

    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction r) {
        return Losses.nll(input, target, weight, ignoreIndex, r);
    }

    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) { return binaryCrossEntropy(input, target, null, Reduction.MEAN); }

    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction r) {
        return Losses.bce(input, target, weight, r);
    }

    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return binaryCrossEntropyWithLogits(input, target, null, Reduction.MEAN, null);
    }

    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Reduction r, Tensor posWeight) {
        return Losses.bceWithLogits(input, target, weight, posWeight, r);
    }

    /** {@code F.kl_div(input, target)}: input holds log-probabilities; reduction MEAN (PyTorch's default). */
    public static Tensor klDiv(Tensor input, Tensor target) { return klDiv(input, target, Reduction.MEAN, false); }

    public static Tensor klDiv(Tensor input, Tensor target, Reduction r, boolean logTarget) {
        return Losses.klDiv(input, target, r, logTarget);
    }
}
