package org.tensorshell.nn;

import org.tensorshell.Tensor;
import org.tensorshell.nn.init.Init;

/** Initialisation shared by layers. */
final class Layers {
    private Layers() {}

    /** PyTorch's reset_parameters of Linear and the convolutions: kaiming_uniform_(a=sqrt(5)), then the bias. */
    static void resetAffine(Tensor weight, Tensor bias) {
        Init.kaimingUniform_(weight, Math.sqrt(5));
        if (bias != null) uniformBias(bias, weight);
    }

    /** bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in of the weight (0 bound for fan_in 0). */
    static void uniformBias(Tensor bias, Tensor weight) {
        long fanIn = Init.calculateFanInAndFanOut(weight)[0];
        double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
        Init.uniform_(bias, -bound, bound);
    }

    static int[] two(int v) { return new int[] {v, v}; }
}
