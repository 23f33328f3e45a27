package org.tensorshell;

import java.util.function.UnaryOperator;
import org.tensorshell.core.Shapes;
import org.tensorshell.core.TensorError;

/**
 * Gradients through views. A view's elements are storage positions of its input; the gradient of the
 * input is the view's gradient added back at those positions. Aliased positions (an expanded input) get
 * the whole gradient at one alias, which the expand's own backward then sums like the others.
 */
final class ViewGrad {
    private ViewGrad() {}

    /** The gradient of {@code in} given the gradient {@code g} of its view {@code v}. */
    static Tensor scatterBack(Tensor g, Tensor in, Tensor v) {
        int n = (int) in.numel();
        int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE;
        for (long j = 0; j < n; j++) {
            int p = in.storageIndex(j);
            lo = Math.min(lo, p);
            hi = Math.max(hi, p);
        }
        Tensor idx;
        if (n == 0) {
            idx = Torch.zeros(Shapes.toLong(v.shape), DType.INT64);
        } else {
            // position -> flat index of the input, then read it through the view's geometry
            long[] map = new long[hi - lo + 1];
            for (long j = 0; j < n; j++) map[in.storageIndex(j) - lo] = j;
            long[] vi = new long[(int) v.numel()];
            for (long k = 0; k < vi.length; k++) {
                int p = v.storageIndex(k) - lo;
                if (p < 0 || p >= map.length) {
                    throw new TensorError("backward of a view: the view reaches outside its input's elements");
                }
                vi[(int) k] = map[p];
            }
            idx = Torch.tensor(vi);
        }
        return Torch.zeros(new long[] {n}, g.dtype()).scatterAdd(0, idx, g.reshape(-1)).view(Shapes.toLong(in.shape));
    }

    /** Re-applies the view geometry of {@code view} (relative to its contiguous base) to a tensor shaped like the base. */
    static UnaryOperator<Tensor> redo(Tensor view, Tensor base) {
        if (!base.isContiguous()) {
            throw new TensorError("in-place operation on a view of a non-contiguous tensor is not supported under autograd; "
                + "use an out-of-place op or call .contiguous() on the base first");
        }
        int[] shape = view.shape.clone(), stride = view.stride.clone();
        int rel = view.offset - base.offset;
        return b -> {
            Tensor c = b.contiguous();
            return c.view(shape, stride, c.offset + rel);
        };
    }
}
