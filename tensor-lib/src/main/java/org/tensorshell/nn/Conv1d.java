package org.tensorshell.nn;

import org.tensorshell.Tensor;
import org.tensorshell.core.TensorError;
import org.tensorshell.nn.functional.F;

/** 1-D convolution over [N, C, L] (or unbatched [C, L]); weight [out, in/groups, k]. */
public class Conv1d extends Module {
    public final long inChannels, outChannels;
    public final int kernelSize, stride, padding, dilation, groups;
    /** "same" or "valid" when given as a string, else null. */
    public final String paddingString;
    public Parameter weight;
    public Parameter bias;

    public Conv1d(long in, long out, int kernelSize) { this(in, out, kernelSize, 1, 0, 1, 1, true); }

    public Conv1d(long in, long out, int kernelSize, int stride) { this(in, out, kernelSize, stride, 0, 1, 1, true); }

    public Conv1d(long in, long out, int kernelSize, int stride, int padding) { this(in, out, kernelSize, stride, padding, 1, 1, true); }

    public Conv1d(long in, long out, int kernelSize, int stride, String padding) {
        this(in, out, kernelSize, stride, 0, padding, 1, 1, true);
    }

    public Conv1d(long in, long out, int kernelSize, int stride, int padding, int dilation, int groups, boolean bias) {
        this(in, out, kernelSize, stride, padding, null, dilation, groups, bias);
    }

    public Conv1d(long in, long out, int kernelSize, int stride, String padding, int dilation, int groups, boolean bias) {
        this(in, out, kernelSize, stride, 0, padding, dilation, groups, bias);
    }

    private Conv1d(long in, long out, int k, int s, int p, String ps, int d, int groups, boolean bias) {
        if (groups <= 0) throw new TensorError("Conv1d: groups must be a positive integer");
        if (in % groups != 0) throw new TensorError("Conv1d: in_channels must be divisible by groups");
        if (out % groups != 0) throw new TensorError("Conv1d: out_channels must be divisible by groups");
        if (ps != null && !ps.equals("same") && !ps.equals("valid")) {
            throw new TensorError("Conv1d: Invalid padding string '" + ps + "', should be one of {'valid', 'same'}");
        }
        if ("same".equals(ps) && s != 1) throw new TensorError("Conv1d: padding='same' is not supported for strided convolutions");
        this.inChannels = in;
        this.outChannels = out;
        this.kernelSize = k;
        this.stride = s;
        this.padding = p;
        this.paddingString = ps;
        this.dilation = d;
        this.groups = groups;
        this.weight = param(out, in / groups, k);
        this.bias = bias ? param(out) : null;
        resetParameters();
    }

    public void resetParameters() { Layers.resetAffine(weight, bias); }

    @Override
    public Tensor forward(Tensor x) {
        if (paddingString != null) return traced(x, F.conv1d(x, weight, bias, stride, paddingString, dilation, groups));
        return traced(x, F.conv1d(x, weight, bias, stride, padding, dilation, groups));
    }

    @Override
    public String extraRepr() {
        StringBuilder s = new StringBuilder(inChannels + ", " + outChannels + ", kernel_size=" + Repr.tuple(kernelSize)
            + ", stride=" + Repr.tuple(stride));
        if (paddingString != null) s.append(", padding=").append(paddingString);
        else if (padding != 0) s.append(", padding=").append(Repr.tuple(padding));
        if (dilation != 1) s.append(", dilation=").append(Repr.tuple(dilation));
        if (groups != 1) s.append(", groups=").append(groups);
        if (bias == null) s.append(", bias=False");
        return s.toString();
    }
}
