package org.tensorshell.nn;

import org.tensorshell.Tensor;
import org.tensorshell.core.TensorError;
import org.tensorshell.nn.functional.F;

/** The adjoint of Conv2d ("deconvolution"); weight [in, out/groups, kh, kw]. */
public class ConvTranspose2d extends Module {
    public final long inChannels, outChannels;
    public final int[] kernelSize, stride, padding, outputPadding, dilation;
    public final int groups;
    public Parameter weight;
    public Parameter bias;

    public ConvTranspose2d(long in, long out, int kernelSize) { this(in, out, kernelSize, 1, 0, 0); }

    public ConvTranspose2d(long in, long out, int kernelSize, int stride) { this(in, out, kernelSize, stride, 0, 0); }

    public ConvTranspose2d(long in, long out, int kernelSize, int stride, int padding) { this(in, out, kernelSize, stride, padding, 0); }

    public ConvTranspose2d(long in, long out, int kernelSize, int stride, int padding, int outputPadding) {
        this(in, out, Layers.two(kernelSize), Layers.two(stride), Layers.two(padding), Layers.two(outputPadding), 1, true,
            new int[] {1, 1});
    }

    /** PyTorch's argument order: ..., output_padding, groups, bias, dilation. */
    public ConvTranspose2d(long in, long out, int[] kernelSize, int[] stride, int[] padding, int[] outputPadding, int groups,
                           boolean bias, int[] dilation) {
        if (groups <= 0) throw new TensorError("ConvTranspose2d: groups must be a positive integer");
        if (in % groups != 0) throw new TensorError("ConvTranspose2d: in_channels must be divisible by groups");
        if (out % groups != 0) throw new TensorError("ConvTranspose2d: out_channels must be divisible by groups");
        this.inChannels = in;
        this.outChannels = out;
        this.kernelSize = Conv2d.pair(kernelSize);
        this.stride = Conv2d.pair(stride);
        this.padding = Conv2d.pair(padding);
        this.outputPadding = Conv2d.pair(outputPadding);
        this.dilation = Conv2d.pair(dilation);
        this.groups = groups;
        this.weight = param(in, out / groups, this.kernelSize[0], this.kernelSize[1]);
        this.bias = bias ? param(out) : null;
        resetParameters();
    }

    public void resetParameters() { Layers.resetAffine(weight, bias); }

    @Override
    public Tensor forward(Tensor x) {
        return traced(x, F.convTranspose2d(x, weight, bias, stride, padding, outputPadding, groups, dilation));
    }

    @Override
    public String extraRepr() {
        StringBuilder s = new StringBuilder(inChannels + ", " + outChannels + ", kernel_size=" + Repr.tuple(kernelSize)
            + ", stride=" + Repr.tuple(stride));
        if (padding[0] != 0 || padding[1] != 0) s.append(", padding=").append(Repr.tuple(padding));
        if (dilation[0] != 1 || dilation[1] != 1) s.append(", dilation=").append(Repr.tuple(dilation));
        if (outputPadding[0] != 0 || outputPadding[1] != 0) s.append(", output_padding=").append(Repr.tuple(outputPadding));
        if (groups != 1) s.append(", groups=").append(groups);
        if (bias == null) s.append(", bias=False");
        return s.toString();
    }
}
