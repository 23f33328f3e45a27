package org.tensorshell.nn;

import org.tensorshell.Tensor;
import org.tensorshell.nn.functional.F;

/** Mean over k x k windows; stride defaults to the kernel size; padded zeros count unless countIncludePad is false. */
public class AvgPool2d extends Module {
    public final int[] kernelSize, stride, padding;
    public final boolean ceilMode, countIncludePad;

    public AvgPool2d(int kernelSize) { this(kernelSize, kernelSize); }

    public AvgPool2d(int kernelSize, int stride) { this(kernelSize, stride, 0); }

    public AvgPool2d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, false, true);
    }

    public AvgPool2d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        this.kernelSize = kernelSize.clone();
        this.stride = stride == null || stride.length == 0 ? kernelSize.clone() : stride.clone();
        this.padding = padding.clone();
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
    }

    @Override
    public Tensor forward(Tensor x) { return traced(x, F.avgPool2d(x, kernelSize, stride, padding, ceilMode, countIncludePad)); }

    @Override
    public String extraRepr() {
        return "kernel_size=" + Repr.intOrTuple(kernelSize) + ", stride=" + Repr.intOrTuple(stride) + ", padding="
            + Repr.intOrTuple(padding);
    }
}
