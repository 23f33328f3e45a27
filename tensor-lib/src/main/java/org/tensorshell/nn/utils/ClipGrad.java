package org.tensorshell.nn.utils;

import java.util.ArrayList;
import java.util.List;
import org.tensorshell.GradMode;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;

/**
 * Gradient clipping (PyTorch's {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}),
 * in place on the parameters' {@code grad}; parameters without a gradient are skipped.
 */
public final class ClipGrad {
    private ClipGrad() {}

    /** Scales all gradients so their joint 2-norm is at most {@code maxNorm}; returns the norm before clipping. */
    public static Tensor clipGradNorm_(Iterable<? extends Tensor> parameters, double maxNorm) {
        return clipGradNorm_(parameters, maxNorm, 2.0, false);
    }

    /** As {@link #clipGradNorm_(Iterable, double)} with a p-norm; {@code Double.POSITIVE_INFINITY} is the max-abs norm. */
    public static Tensor clipGradNorm_(Iterable<? extends Tensor> parameters, double maxNorm, double normType) {
        return clipGradNorm_(parameters, maxNorm, normType, false);
    }

    /** With {@code errorIfNonfinite}, a NaN or infinite total norm raises instead of scaling by it. */
    public static Tensor clipGradNorm_(Iterable<? extends Tensor> parameters, double maxNorm, double normType, boolean errorIfNonfinite) {
        List<Tensor> grads = grads(parameters);
        if (grads.isEmpty()) return Torch.full(new long[0], 0.0, org.tensorshell.DType.FLOAT32);
        try (GradMode g = Torch.noGrad()) {
            Tensor total;
            if (normType == Double.POSITIVE_INFINITY) {
                List<Tensor> norms = new ArrayList<>();
                for (Tensor gr : grads) norms.add(gr.detach().abs().max());
                total = norms.size() == 1 ? norms.get(0) : Torch.stack(norms).max();
            } else {
                List<Tensor> norms = new ArrayList<>();
                for (Tensor gr : grads) norms.add(gr.detach().norm(normType));
                total = Torch.stack(norms).norm(normType);
            }
            double t = total.item();
            if (errorIfNonfinite && (Double.isNaN(t) || Double.isInfinite(t))) {
                throw new TensorError("clip_grad_norm_: The total norm of order " + normType + " for gradients from "
                    + "`parameters` is non-finite, so it cannot be clipped. To disable this error and scale the gradients "
                    + "by the non-finite norm anyway, set errorIfNonfinite=false");
            }
            // clip_coef = max_norm / (total_norm + 1e-6), clamped to at most 1, in the norm's dtype as PyTorch does
            Tensor coef = total.add(1e-6).reciprocal().mul(maxNorm).clampMax(1.0);
            double c = coef.item();
            if (c != 1.0 || Double.isNaN(c)) {
                for (Tensor gr : grads) gr.detach().mul_(coef.to(gr.dtype()));
            }
            return total;
        }
    }

    /** Clamps every gradient element to {@code [-clipValue, clipValue]}. */
    public static void clipGradValue_(Iterable<? extends Tensor> parameters, double clipValue) {
        try (GradMode g = Torch.noGrad()) {
            for (Tensor gr : grads(parameters)) gr.detach().clamp_(-clipValue, clipValue);
        }
    }

    private static List<Tensor> grads(Iterable<? extends Tensor> parameters) {
        if (parameters == null) throw new TensorError("clip_grad: parameters is null");
        List<Tensor> grads = new ArrayList<>();
        for (Tensor p : parameters) if (p != null && p.grad() != null) grads.add(p.grad());
        return grads;
    }
}
