package org.tensorshell.nn;

import org.tensorshell.Tensor;
import org.tensorshell.nn.functional.F;

/** Averages into a fixed output size: cell i covers input rows floor(i*H/oh) to ceil((i+1)*H/oh). */
public class AdaptiveAvgPool2d extends Module {
    public final int[] outputSize;

    public AdaptiveAvgPool2d(int outputSize) { this.outputSize = new int[] {outputSize}; }

    public AdaptiveAvgPool2d(int outH, int outW) { this.outputSize = new int[] {outH, outW}; }

    @Override
    public Tensor forward(Tensor x) {
        return traced(x, outputSize.length == 1 ? F.adaptiveAvgPool2d(x, outputSize[0]) : F.adaptiveAvgPool2d(x, outputSize[0], outputSize[1]));
    }

    @Override
    public String extraRepr() { return "output_size=" + Repr.intOrTuple(outputSize); }
}
