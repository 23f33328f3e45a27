package org.tensorshell.nn;

import org.tensorshell.Tensor;
import org.tensorshell.core.TensorError;
import org.tensorshell.nn.functional.F;

/**
 * 2-D convolution over [N, C, H, W] (or unbatched [C, H, W]); weight [out, in/groups, kh, kw]. Padding is
 * numbers or "same"/"valid"; zeros padding only.
 */
public class Conv2d extends Module {
    public final long inChannels, outChannels;
    public final int[] kernelSize, stride, padding, dilation;
    /** "same" or "valid" when given as a string, else null. */
    public final String paddingString;
    public final int groups;
    public Parameter weight;
    public Parameter bias;

    public Conv2d(long in, long out, int kernelSize) { this(in, out, kernelSize, 1, 0); }

    public Conv2d(long in, long out, int kernelSize, int stride) { this(in, out, kernelSize, stride, 0); }

    public Conv2d(long in, long out, int kernelSize, int stride, int padding) {
        this(in, out, Layers.two(kernelSize), Layers.two(stride), Layers.two(padding), new int[] {1, 1}, 1, true);
    }

    public Conv2d(long in, long out, int kernelSize, int stride, String padding) {
        this(in, out, Layers.two(kernelSize), Layers.two(stride), padding, new int[] {1, 1}, 1, true);
    }

    public Conv2d(long in, long out, int[] kernelSize, int[] stride, int[] padding, int[] dilation, int groups, boolean bias) {
        this(in, out, kernelSize, stride, padding, null, dilation, groups, bias);
    }

    public Conv2d(long in, long out, int[] kernelSize, int[] stride, String padding, int[] dilation, int groups, boolean bias) {
        this(in, out, kernelSize, stride, new int[] {0, 0}, padding, dilation, groups, bias);
    }

    private Conv2d(long in, long out, int[] k, int[] s, int[] p, String ps, int[] d, int groups, boolean bias) {
        if (groups <= 0) throw new TensorError("Conv2d: groups must be a positive integer");
        if (in % groups != 0) throw new TensorError("Conv2d: in_channels must be divisible by groups");
        if (out % groups != 0) throw new TensorError("Conv2d: out_channels must be divisible by groups");
        if (ps != null && !ps.equals("same") && !ps.equals("valid")) {
            throw new TensorError("Conv2d: Invalid padding string '" + ps + "', should be one of {'valid', 'same'}");
        }
        this.inChannels = in;
        this.outChannels = out;
        this.kernelSize = pair(k);
        this.stride = pair(s);
        this.dilation = pair(d);
        this.paddingString = ps;
        if ("same".equals(ps) && (this.stride[0] != 1 || this.stride[1] != 1)) {
            throw new TensorError("Conv2d: padding='same' is not supported for strided convolutions");
        }
        this.padding = pair(p);
        this.groups = groups;
        this.weight = param(out, in / groups, this.kernelSize[0], this.kernelSize[1]);
        this.bias = bias ? param(out) : null;
        resetParameters();
    }

    static int[] pair(int[] v) { return v.length == 1 ? new int[] {v[0], v[0]} : v.clone(); }

    public void resetParameters() { Layers.resetAffine(weight, bias); }

    @Override
    public Tensor forward(Tensor x) {
        if (paddingString != null) return traced(x, F.conv2d(x, weight, bias, stride, paddingString, dilation, groups));
        return traced(x, F.conv2d(x, weight, bias, stride, padding, dilation, groups));
    }

    @Override
    public String extraRepr() {
        StringBuilder s = new StringBuilder(inChannels + ", " + outChannels + ", kernel_size=" + Repr.tuple(kernelSize)
            + ", stride=" + Repr.tuple(stride));
        if (paddingString != null) s.append(", padding=").append(paddingString);
        else if (padding[0] != 0 || padding[1] != 0) s.append(", padding=").append(Repr.tuple(padding));
        if (dilation[0] != 1 || dilation[1] != 1) s.append(", dilation=").append(Repr.tuple(dilation));
        if (groups != 1) s.append(", groups=").append(groups);
        if (bias == null) s.append(", bias=False");
        return s.toString();
    }
}
