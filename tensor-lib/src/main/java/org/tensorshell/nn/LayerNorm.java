package org.tensorshell.nn;

import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.nn.functional.F;

/** Normalises over the last dims (normalizedShape), with an elementwise affine map (ones and zeros at first). */
public class LayerNorm extends Module {
    public final long[] normalizedShape;
    public final double eps;
    public final boolean elementwiseAffine;
    public Parameter weight;
    public Parameter bias;

    public LayerNorm(long... normalizedShape) { this(normalizedShape, 1e-5, true); }

    public LayerNorm(long[] normalizedShape, double eps, boolean elementwiseAffine) {
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.elementwiseAffine = elementwiseAffine;
        if (elementwiseAffine) {
            weight = new Parameter(Torch.ones(normalizedShape));
            bias = new Parameter(Torch.zeros(normalizedShape));
        }
    }

    @Override
    public Tensor forward(Tensor x) { return traced(x, F.layerNorm(x, normalizedShape, weight, bias, eps)); }

    @Override
    public String extraRepr() {
        return Repr.tuple(normalizedShape) + ", eps=" + Repr.pyFloat(eps) + ", elementwise_affine=" + Repr.bool(elementwiseAffine);
    }
}
